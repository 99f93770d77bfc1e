.PHONY: run test fmt ci bench bench-ingest

run:
	./mvnw spring-boot:run

test:
	./mvnw verify

fmt:
	./mvnw spotless:apply

ci:
	bash .ci/run

# Benchmarks: figures and ratios are recorded in docs/benchmarks.md.
bench: bench-ingest

bench-ingest:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.bench.IngestBench -Dexec.args="$(ARGS)"
