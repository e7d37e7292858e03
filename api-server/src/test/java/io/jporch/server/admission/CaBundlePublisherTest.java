package io.jporch.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The caBundle patch against fabric8's mock kube-apiserver (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class CaBundlePublisherTest {
  KubernetesClient client;

  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @Test
  void setsTheCaBundleOfTheRepositoryWebhookOnly() {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(configuration())
        .create();
    CaBundlePublisher.publish(
        client, CaBundlePublisher.CONFIGURATION, "porchrepositorywebhook.nephio.org", CA);
    ValidatingWebhookConfiguration stored =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(CaBundlePublisher.CONFIGURATION)
            .get();
    assertThat(stored.getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    assertThat(stored.getWebhooks().get(1).getClientConfig().getCaBundle())
        .isEqualTo(Base64.getEncoder().encodeToString(CA.getBytes(StandardCharsets.US_ASCII)));
    assertThat(stored.getWebhooks().get(1).getClientConfig().getService().getPath())
        .isEqualTo("/validate-repository");
  }

  @Test
  void failsWhenTheConfigurationWasNotApplied() {
    assertThatThrownBy(
            () ->
                CaBundlePublisher.publish(
                    client,
                    CaBundlePublisher.CONFIGURATION,
                    "porchrepositorywebhook.nephio.org",
                    CA))
        .hasMessageContaining("kubectl apply -k deploy/");
  }

  @Test
  void failsWhenTheWebhookIsMissing() {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(configuration())
        .create();
    assertThatThrownBy(
            () -> CaBundlePublisher.publish(client, CaBundlePublisher.CONFIGURATION, "other", CA))
        .hasMessageContaining("has no webhook other");
  }

  private static ValidatingWebhookConfiguration configuration() {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(CaBundlePublisher.CONFIGURATION)
        .endMetadata()
        .addNewWebhook()
        .withName("unrelated.example.org")
        .withNewClientConfig()
        .withUrl("https://unrelated.example.org/validate")
        .endClientConfig()
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .endWebhook()
        .addNewWebhook()
        .withName("porchrepositorywebhook.nephio.org")
        .withNewClientConfig()
        .withNewService()
        .withName("api")
        .withNamespace("porch-system")
        .withPath("/validate-repository")
        .withPort(8443)
        .endService()
        .endClientConfig()
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withFailurePolicy("Fail")
        .endWebhook()
        .build();
  }
}
