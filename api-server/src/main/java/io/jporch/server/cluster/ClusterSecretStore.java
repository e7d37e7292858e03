package io.jporch.server.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.secret.Secret;
import io.jporch.core.secret.SecretStore;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Cluster mode's Secrets: each {@link #get} reads the Secret from the cluster, so credentials are
 * read again before every fetch and push and an edited Secret takes effect at the next remote
 * operation. Only {@code get} of named Secrets is needed (no cluster-wide list or watch).
 */
public final class ClusterSecretStore implements SecretStore {
  private final KubernetesClient client;

  public ClusterSecretStore(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Optional<Secret> get(String namespace, String name) {
    io.fabric8.kubernetes.api.model.Secret found;
    try {
      found = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      // The message names the Secret and the cluster's answer, never a value.
      String why =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : "HTTP " + e.getCode();
      throw new InternalErrorException(
          null, "cannot read Secret " + namespace + "/" + name + " from the cluster: " + why, e);
    }
    if (found == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(Serialization.asJson(found), Secret.class));
    } catch (IOException e) {
      throw new InternalErrorException(
          null, "cannot read Secret " + namespace + "/" + name + ": not a Secret", e);
    }
  }
}
