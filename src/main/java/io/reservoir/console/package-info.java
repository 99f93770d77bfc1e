/**
 * The web console: server-rendered pages (Thymeleaf + htmx) that call the other modules' APIs
 * and nothing else.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Console",
        allowedDependencies = {"audience", "identity", "ingest", "insight", "loyalty", "platform", "platform :: *"})
package io.reservoir.console;
