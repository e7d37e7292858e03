package io.jporch.server.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jporch.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Tells kube-apiserver which CA to trust for the webhook: patches the {@code caBundle} of one
 * webhook in the ValidatingWebhookConfiguration shipped in deploy/. Porch deletes and re-creates
 * the whole configuration at every start (cluster-wide create and delete of webhook
 * configurations); jporch only needs {@code get} and {@code patch} of this one object. The JSON
 * patch tests the webhook's name at its index, so a configuration edited meanwhile fails instead of
 * being corrupted.
 */
public final class CaBundlePublisher {
  /** The ValidatingWebhookConfiguration in deploy/repository-webhook.yaml (Porch's name). */
  public static final String CONFIGURATION = "repository-validating-webhook";

  private CaBundlePublisher() {}

  /**
   * Sets {@code caPem} as the caBundle of webhook {@code webhookName} in configuration {@code
   * configurationName}.
   *
   * @throws IllegalStateException if the configuration or the webhook does not exist
   */
  public static void publish(
      KubernetesClient client, String configurationName, String webhookName, String caPem) {
    ValidatingWebhookConfiguration configuration =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(configurationName)
            .get();
    if (configuration == null) {
      throw new IllegalStateException(
          "ValidatingWebhookConfiguration "
              + configurationName
              + " not found; apply deploy/ (kubectl apply -k deploy/) first");
    }
    List<ValidatingWebhook> webhooks =
        configuration.getWebhooks() == null ? List.of() : configuration.getWebhooks();
    int index = -1;
    for (int i = 0; i < webhooks.size(); i++) {
      if (webhookName.equals(webhooks.get(i).getName())) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      throw new IllegalStateException(
          "ValidatingWebhookConfiguration " + configurationName + " has no webhook " + webhookName);
    }
    String base = "/webhooks/" + index;
    ArrayNode patch = Json.MAPPER.createArrayNode();
    patch.addObject().put("op", "test").put("path", base + "/name").put("value", webhookName);
    if (webhooks.get(index).getClientConfig() == null) {
      patch.addObject().put("op", "add").put("path", base + "/clientConfig").putObject("value");
    }
    patch
        .addObject()
        .put("op", "add")
        .put("path", base + "/clientConfig/caBundle")
        .put(
            "value", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(configurationName)
        .patch(PatchContext.of(PatchType.JSON), patch.toString());
  }
}
