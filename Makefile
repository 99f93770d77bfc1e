.PHONY: run test fmt ci

run:
	./mvnw spring-boot:run

test:
	./mvnw verify

fmt:
	./mvnw spotless:apply

ci:
	bash .ci/run
