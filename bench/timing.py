import statistics
import time


def median_seconds(fn, *, repeat=7):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def report(label, seconds, baseline_seconds):
    print(f"{label}: {seconds * 1000:.1f} ms, {seconds / baseline_seconds:.1f}x the baseline")
