print("huibao-bench: no benchmarks yet")
