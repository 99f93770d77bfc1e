/** Bulk import of members, orders and events from CSV and NDJSON files, resumable and idempotent. */
package io.reservoir.ingest.importer;
