package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.schema.Docs;
import io.jporch.core.api.schema.FieldSchema;
import io.jporch.core.api.schema.SchemaName;
import java.util.List;
import java.util.Map;

/** Render outcome: the kpt FunctionResultList and an error text (empty on success). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription(
    "RenderStatus represents the result of performing render operation on a package resources.")
public record RenderStatus(
    ResultList result, @JsonProperty("error") @FieldSchema(required = true) String error) {
  public static final RenderStatus EMPTY =
      new RenderStatus(new ResultList(null, null, ObjectMeta.named(null, null), 0, null), "");

  /** kpt {@code FunctionResultList}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("ResultList contains aggregated results from multiple functions")
  public record ResultList(
      @JsonPropertyDescription(Docs.API_VERSION) String apiVersion,
      @JsonPropertyDescription(Docs.KIND) String kind,
      ObjectMeta metadata,
      @JsonPropertyDescription("ExitCode is the exit code of kpt command")
          @FieldSchema(required = true)
          @JsonInclude(JsonInclude.Include.ALWAYS)
          int exitCode,
      @JsonPropertyDescription("Items contain a list of function result")
          @JsonInclude(JsonInclude.Include.NON_EMPTY)
          List<FunctionResult> items) {}

  /** The result of one function. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("Result")
  @JsonClassDescription("Result contains the structured result from an individual function")
  public record FunctionResult(
      @JsonPropertyDescription(
              "Image is the full name of the image that generates this result Image and Exec are"
                  + " mutually exclusive")
          String image,
      @JsonPropertyDescription(
              "ExecPath is the the absolute os-specific path to the executable file If user"
                  + " provides an executable file with commands, ExecPath should contain the"
                  + " entire input string.")
          String exec,
      @JsonPropertyDescription(
              "Enable this once test harness supports filepath based assertions. Pkg is OS"
                  + " specific Absolute path to the package. Pkg string `yaml:\"pkg,omitempty\"`"
                  + " Stderr is the content in function stderr")
          String stderr,
      @JsonPropertyDescription("ExitCode is the exit code from running the function")
          @FieldSchema(required = true)
          @JsonInclude(JsonInclude.Include.ALWAYS)
          int exitCode,
      @JsonPropertyDescription("Results is the list of results for the function")
          List<ResultItem> results) {}

  /** One structured result item of a function. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("ResultItem defines a validation result")
  public record ResultItem(
      @JsonPropertyDescription("Message is a human readable message. This field is required.")
          String message,
      @JsonPropertyDescription("Severity is the severity of this result")
          @FieldSchema(enumValues = {"error", "warning", "info"})
          String severity,
      @JsonPropertyDescription(
              "ResourceRef is a reference to a resource. Required fields: apiVersion, kind, name.")
          ResourceIdentifier resourceRef,
      @JsonPropertyDescription(
              "Field is a reference to the field in a resource this result refers to")
          Field field,
      @JsonPropertyDescription(
              "File references a file containing the resource this result refers to")
          File file,
      @JsonPropertyDescription(
              "Tags is an unstructured key value map stored with a result that may be set by"
                  + " external tools to store and retrieve arbitrary metadata")
          Map<String, String> tags) {}

  /** The resource a result item refers to. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription(
      "ResourceIdentifier contains the information needed to uniquely identify a resource in a"
          + " cluster.")
  public record ResourceIdentifier(
      @JsonPropertyDescription(Docs.API_VERSION) String apiVersion,
      @JsonPropertyDescription(Docs.KIND) String kind,
      @JsonPropertyDescription("Name is the metadata.name field of a Resource") String name,
      @JsonPropertyDescription("Namespace is the metadata.namespace field of a Resource")
          String namespace) {}

  /** The field of a resource a result item refers to. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("Field references a field in a resource")
  public record Field(
      @JsonPropertyDescription("Path is the field path. This field is required.") String path,
      @JsonPropertyDescription("CurrentValue is the current field value") String currentValue,
      @JsonPropertyDescription("ProposedValue is the proposed value of the field to fix an issue.")
          String proposedValue) {}

  /** The file a result item refers to. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("File references a file containing a resource")
  public record File(
      @JsonPropertyDescription(
              "Path is relative path to the file containing the resource. This field is required.")
          String path,
      @JsonPropertyDescription(
              "Index is the index into the file containing the resource (i.e. if there are"
                  + " multiple resources in a single file)")
          int index) {}
}
