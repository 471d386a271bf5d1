"""Benchmarks and the large-data generator they share with the tests (`bench.make_data`)."""
