package io.reservoir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Reservoir: one deployable application, one package per business module. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReservoirApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReservoirApplication.class, args);
    }
}
