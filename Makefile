.PHONY: run test quick fmt ci bench bench-ingest bench-import bench-simulator bench-points bench-redeem bench-audience bench-fast

run:
	./mvnw spring-boot:run

test:
	./mvnw verify

# The edit–test loop: unit tests and the integration tests on H2 only (CI runs everything).
quick:
	./mvnw verify -Dreservoir.it.skip-postgresql=true

fmt:
	./mvnw spotless:apply

ci:
	bash .ci/run

# Benchmarks: figures and ratios are recorded in docs/benchmarks.md.
# Each target takes ARGS, e.g. make bench-ingest ARGS="--events 100000 --db h2".
bench: bench-ingest bench-import bench-simulator bench-points bench-redeem bench-audience bench-fast

bench-ingest:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.bench.IngestBench -Dexec.args="$(ARGS)"

bench-import:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.bench.ImportBench -Dexec.args="$(ARGS)"

bench-simulator:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.bench.SimulatorBench -Dexec.args="$(ARGS)"

bench-points:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.loyalty.PointsBench -Dexec.args="$(ARGS)"

bench-redeem:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.loyalty.RedemptionBench -Dexec.args="$(ARGS)"

bench-audience:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.audience.engine.AudienceBench -Dexec.args="$(ARGS)"

# The facts of a million members take several GiB: give Maven's JVM the heap, e.g. MAVEN_OPTS=-Xmx9g.
bench-fast:
	./mvnw -q test-compile exec:java -Dexec.mainClass=io.reservoir.insight.FastBench -Dexec.args="$(ARGS)"
