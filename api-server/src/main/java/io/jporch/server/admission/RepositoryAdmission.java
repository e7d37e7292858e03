package io.jporch.server.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.util.Json;
import io.jporch.server.rest.config.RepositoryConflicts;
import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision of Porch's Repository validating webhook ({@code porchrepositorywebhook.nephio.org})
 * on one {@code admission.k8s.io/v1} AdmissionReview: a Repository that conflicts with another
 * registration of the same Git URL and branch ({@link RepositoryConflicts}) is denied with reason
 * {@value RepositoryConflicts#REASON}, which kube-apiserver turns into a 400 for the client;
 * anything else is allowed. The review's {@code uid} is echoed as kube-apiserver requires.
 *
 * <p>A body that is not an AdmissionReview with a request, or a review of a resource other than
 * {@code repositories}, is a {@link BadReview} (the server answers 400; Porch answers 500 with
 * plain text; kube-apiserver treats both as a failed call and, with {@code failurePolicy: Fail},
 * rejects the write).
 */
public final class RepositoryAdmission {
  private static final Logger log = LoggerFactory.getLogger(RepositoryAdmission.class);
  private static final String API_VERSION = "admission.k8s.io/v1";
  private static final String KIND = "AdmissionReview";

  /** A review that cannot be decided: malformed, or not about Repository objects. */
  public static final class BadReview extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadReview(String message) {
      super(message);
    }
  }

  private final Supplier<? extends Collection<Repository>> existing;

  /**
   * @param existing the registered Repositories (all namespaces), read once per review: in cluster
   *     mode the informer's cache of the CRs, in standalone mode the server's store
   */
  public RepositoryAdmission(Supplier<? extends Collection<Repository>> existing) {
    this.existing = Objects.requireNonNull(existing, "existing");
  }

  /**
   * Decides the AdmissionReview in {@code body}; returns the AdmissionReview to answer.
   *
   * @throws BadReview if {@code body} is not a review this webhook can decide
   */
  public ObjectNode review(byte[] body) {
    JsonNode review;
    try {
      review = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadReview("error decoding admission review: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadReview("error decoding admission review: " + e.getMessage());
    }
    if (review == null || !review.isObject()) {
      throw new BadReview("error decoding admission review: not a JSON object");
    }
    if (!API_VERSION.equals(review.path("apiVersion").asText())
        || !KIND.equals(review.path("kind").asText())) {
      throw new BadReview(
          "error decoding admission review: expected apiVersion "
              + API_VERSION
              + " and kind "
              + KIND
              + ", got \""
              + review.path("apiVersion").asText()
              + "\" and \""
              + review.path("kind").asText()
              + "\"");
    }
    JsonNode request = review.path("request");
    if (!request.isObject()) {
      throw new BadReview("admission review request is empty");
    }
    String uid = request.path("uid").asText("");
    if (uid.isEmpty()) {
      throw new BadReview("admission review request.uid is empty");
    }
    String resource = request.path("resource").path("resource").asText("");
    if (!resource.equals("repositories")) {
      throw new BadReview("unexpected resource: " + resource);
    }
    JsonNode object = request.path("object");
    if (!object.isObject()) {
      // DELETE and CONNECT carry no object; the webhook is registered for CREATE and UPDATE.
      return allowed(uid, "no object to validate");
    }
    Repository attempted = repository(object, request.path("namespace").asText(""));
    Optional<Repository> conflict = RepositoryConflicts.find(existing.get(), attempted);
    if (conflict.isPresent()) {
      Repository other = conflict.get();
      log.info(
          "Repository {}/{} denied: conflicts with {}/{}",
          attempted.namespace(),
          attempted.name(),
          other.namespace(),
          other.name());
      return answer(
          uid,
          false,
          status("Failure", RepositoryConflicts.denial(other), RepositoryConflicts.REASON));
    }
    return allowed(uid, "Repository validated successfully");
  }

  private static Repository repository(JsonNode object, String requestNamespace) {
    Repository repository;
    try {
      repository = Json.MAPPER.treeToValue(object, Repository.class);
    } catch (JsonProcessingException e) {
      throw new BadReview("could not unmarshal repository: " + e.getOriginalMessage());
    }
    ObjectMeta meta = repository.metadata();
    if (meta == null) {
      throw new BadReview("could not unmarshal repository: request.object.metadata is missing");
    }
    if ((meta.namespace() == null || meta.namespace().isEmpty()) && !requestNamespace.isEmpty()) {
      repository = repository.withMetadata(meta.withNamespace(requestNamespace));
    }
    return repository;
  }

  private static ObjectNode allowed(String uid, String message) {
    return answer(uid, true, status("Success", message, null));
  }

  private static ObjectNode status(String status, String message, String reason) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.putObject("metadata");
    node.put("status", status);
    node.put("message", message);
    if (reason != null) {
      node.put("reason", reason);
    }
    return node;
  }

  private static ObjectNode answer(String uid, boolean allowed, ObjectNode status) {
    ObjectNode review = JsonNodeFactory.instance.objectNode();
    review.put("apiVersion", API_VERSION);
    review.put("kind", KIND);
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", allowed);
    response.set("status", status);
    return review;
  }
}
