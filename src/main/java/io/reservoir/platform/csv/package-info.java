/** CSV as every module writes it: one RFC 4180 quoting for exports, reports and import rejects. */
@org.springframework.modulith.NamedInterface("csv")
package io.reservoir.platform.csv;
