package io.jporch.testing.fake;

import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.secret.Secret;
import io.jporch.core.secret.SecretStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link SecretStore} whose Secrets tests create, change and delete at will. */
public final class FakeSecretStore implements SecretStore {
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  @Override
  public Optional<Secret> get(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }

  /** Creates or replaces a Secret holding {@code values} (plain text) as {@code data}. */
  public FakeSecretStore put(
      String namespace, String name, String type, Map<String, String> values) {
    secrets.put(namespace + "/" + name, Secret.of(ObjectMeta.named(namespace, name), type, values));
    return this;
  }

  /** A {@code kubernetes.io/basic-auth} Secret. */
  public FakeSecretStore putBasicAuth(
      String namespace, String name, String username, String password) {
    return put(
        namespace,
        name,
        Secret.TYPE_BASIC_AUTH,
        Map.of("username", username, "password", password));
  }

  /** Deletes a Secret if it exists. */
  public void delete(String namespace, String name) {
    secrets.remove(namespace + "/" + name);
  }
}
