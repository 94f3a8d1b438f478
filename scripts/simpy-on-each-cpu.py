#!/usr/bin/python3
"""A SimPy model of the kernel's on_each_cpu run, for npm run bench.

The same mechanism as src/strategies/on-each-cpu.ts (with src/ipi.ts and
src/module-lock.ts), written the way a discrete-event simulation is
usually written: one SimPy process per CPU, the module's lock as a
Resource, the caller waiting on each CSD's release as an event. It plays
out a machine draw the kernel made (a JSON file from scripts/bench.ts), so
both must give the same caller latency, to the bit: the bench checks it.

Usage: simpy-on-each-cpu.py DRAW.json REPEATS
Prints one JSON line: {"callerLatencyNs": ..., "medianMs": ...}.
Runs on Debian's python3-simpy3 (SimPy 3).
"""
import json
import statistics
import sys
import time

import simpy


def run(d):
    """One on_each_cpu run on draw d: the caller's latency in ns."""
    c = d["costs"]
    n = len(d["blockedNs"])
    socket = d["socket"]

    def premium(a, b):
        return 0 if socket[a] == socket[b] else c["remoteLineTransferNs"] - c["lineTransferNs"]

    def transfer(a, b):
        if a == b:
            return 0
        return c["lineTransferNs"] if socket[a] == socket[b] else c["remoteLineTransferNs"]

    # smp_call_function_many_cond(): queue every CSD, then the ICR writes.
    t = (n - 1) * c["csdQueueNs"]
    for i in range(1, n):
        t += premium(0, i)
    sent = [0.0] * n
    if n > 1 and d["shorthand"]:
        t += c["icrWriteNs"]
        for i in range(1, n):
            sent[i] = t
    elif d["apicMode"] == "cluster":
        done = {}
        for i in range(1, n):
            k = d["cluster"][i]
            if k not in done:
                t += c["icrWriteNs"]
                done[k] = t
            sent[i] = done[k]
    else:
        for i in range(1, n):
            t += c["icrWriteNs"]
            sent[i] = t
    sent_ns = t

    env = simpy.Environment()
    lock = simpy.Resource(env, capacity=1)
    # TDH.SYS.LP.INIT also counts itself on a second line (num_of_init_lps).
    counter = simpy.Resource(env, capacity=1)
    counter_owner = [0]
    released = [env.event() for _ in range(n)]
    end = [0.0] * n
    owner = [0]
    half = d["seamcallNs"] // 2  # entry: the lower half, whole ns; exit: the rest
    rest = d["seamcallNs"] - half
    work = d["leafWorkNs"]

    def cpu(i):
        if i == 0:
            ready = sent_ns
        else:
            arrive = sent[i] + c["ipiDeliveryNs"] + premium(0, i) + d["idleWakeNs"][i]
            ready = arrive + d["blockedNs"][i] + c["hardirqNs"] + c["csdHandlingNs"]
        yield env.timeout(ready)
        if d["takesLock"]:
            yield env.timeout(half)
            with lock.request() as req:
                yield req
                move = transfer(owner[0], i)
                owner[0] = i
                yield env.timeout(move)  # the lock's line moves to this CPU
            yield env.timeout(work)
            if d.get("countsLps"):
                with counter.request() as req:
                    yield req
                    move = transfer(counter_owner[0], i)
                    counter_owner[0] = i
                    yield env.timeout(move)
            yield env.timeout(rest)
        else:
            yield env.timeout(d["seamcallNs"] + work)
        end[i] = env.now
        released[i].succeed()

    def caller():
        yield released[0]
        for i in range(1, n):
            if not released[i].triggered:
                yield released[i]
            # csd_lock_wait(): read the flag, a line from CPU i's socket.
            yield env.timeout(premium(i, 0))
        return env.now

    for i in range(n):
        env.process(cpu(i))
    done = env.process(caller())
    env.run(until=done)
    return done.value


def main():
    with open(sys.argv[1]) as f:
        d = json.load(f)
    repeats = int(sys.argv[2])
    run(d)  # warm up
    times = []
    latency = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        latency = run(d)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"callerLatencyNs": latency, "medianMs": statistics.median(times)}))


if __name__ == "__main__":
    main()
