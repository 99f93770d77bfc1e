/**
 * The web console: server-rendered pages (Thymeleaf + htmx) that call the other modules' APIs
 * and nothing else.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
package io.reservoir.console;
