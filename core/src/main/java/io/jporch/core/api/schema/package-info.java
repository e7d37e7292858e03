/**
 * Annotations that give the model records the OpenAPI facts Jackson cannot express: the definition
 * name Porch publishes for a record ({@link SchemaName}) and per-field constraints ({@link
 * FieldSchema}). Descriptions use Jackson's own {@code @JsonClassDescription} and
 * {@code @JsonPropertyDescription}; the API server generates its OpenAPI documents from all three.
 */
package io.jporch.core.api.schema;
