package io.jporch.core.api.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Kubernetes {@code ManagedFieldsEntry}: which fields one manager owns, recorded by server-side
 * apply and by every update. {@code fieldsV1} is the field set in the {@code FieldsV1} trie format
 * ({@code {"f:spec":{"f:lifecycle":{}}}}), kept as JSON.
 *
 * @param manager the field manager (e.g. {@code kubectl}, {@code kubectl-client-side-apply})
 * @param operation {@code Apply} or {@code Update}
 * @param apiVersion the group/version the fields were set through
 * @param time RFC 3339 time of the last change by this manager
 * @param fieldsType always {@code FieldsV1}
 * @param fieldsV1 the owned fields
 * @param subresource the subresource the manager wrote through (e.g. {@code approval}), if any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManagedFieldsEntry(
    String manager,
    String operation,
    String apiVersion,
    String time,
    String fieldsType,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode fieldsV1,
    String subresource) {
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";
  public static final String FIELDS_V1 = "FieldsV1";
}
