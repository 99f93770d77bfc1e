/** The one error shape of the API and the exceptions every module throws to produce it. */
@org.springframework.modulith.NamedInterface("errors")
package io.reservoir.platform.errors;
