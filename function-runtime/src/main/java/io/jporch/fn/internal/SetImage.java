package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The catalog's {@code set-image} (kptdev/krm-functions-catalog {@code
 * functions/go/set-image/transformer}): changes the name, tag or digest of container images.
 *
 * <p>Config: a ConfigMap with keys {@code name}, {@code newName}, {@code newTag}, {@code digest}
 * (any other key fails), or {@code fn.kpt.dev/v1alpha1 SetImage} with {@code image: {name, newName,
 * newTag, digest}} and {@code additionalImageFields} (kustomize field specs). {@code name} and one
 * of the others are required. Targets: {@code spec.containers[].image} of Pods and {@code
 * spec.template.spec.containers[].image} of Deployment, StatefulSet, ReplicaSet, DaemonSet and
 * PodTemplate; an image matches when it is {@code name} (a regular expression) optionally followed
 * by {@code :tag} and {@code @sha256:digest}. The new image keeps the old name, tag and digest
 * parts that are not replaced, exactly as the catalog composes them (a new name alone re-appends
 * the old tag without its colon; a digest replaces the tag). Additional fields use kustomize's
 * image tag filter. Result: {@code summary: updated a total of <n> image(s)}.
 */
public final class SetImage implements KrmFunction {
  static final String KIND = "SetImage";

  /** The image change. */
  record Image(String name, String newName, String newTag, String digest) {}

  @Override
  public void process(ResourceList rl) {
    ObjectNode fc = rl.functionConfig();
    Image image = config(fc);
    int[] count = {0};
    for (ObjectNode o : rl.items()) {
      switch (Krm.kind(o)) {
        case "Pod" -> containers(Krm.map(o, "spec"), image, count);
        case "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "PodTemplate" ->
            containers(Krm.map(o, "spec", "template", "spec"), image, count);
        default -> {}
      }
    }
    if (fc != null && fc.hasNonNull("additionalImageFields")) {
      List<FieldSpec> specs =
          FieldSpec.list(fc.get("additionalImageFields"), "additionalImageFields");
      for (ObjectNode o : rl.items()) {
        for (FieldSpec fs : specs) {
          if (fs.selects(o)) {
            fs.visit(
                o,
                (parent, field) -> {
                  JsonNode value = parent.get(field);
                  if (value != null && value.isTextual() && matches(value.asText(), image)) {
                    String updated = kustomizeImage(value.asText(), image);
                    if (!updated.equals(value.asText())) {
                      parent.put(field, updated);
                    }
                    count[0]++;
                  }
                });
          }
        }
      }
    }
    rl.addResult("info", "summary: updated a total of " + count[0] + " image(s)", null);
  }

  private static Image config(ObjectNode fc) {
    String name = "";
    String newName = "";
    String newTag = "";
    String digest = "";
    if (fc != null && "ConfigMap".equals(Krm.kind(fc))) {
      for (var e : Krm.stringMap(fc.get("data")).entrySet()) {
        switch (e.getKey()) {
          case "name" -> name = e.getValue();
          case "newName" -> newName = e.getValue();
          case "newTag" -> newTag = e.getValue();
          case "digest" -> digest = e.getValue();
          default -> throw new FunctionException("ConfigMap has wrong field name " + e.getKey());
        }
      }
    } else if (fc != null && KIND.equals(Krm.kind(fc))) {
      JsonNode i = fc.path("image");
      name = i.path("name").asText("");
      newName = i.path("newName").asText("");
      newTag = i.path("newTag").asText("");
      digest = i.path("digest").asText("");
    } else if (fc != null && !Krm.isEmptyConfig(fc)) {
      throw new FunctionException(
          "unknown FunctionConfig `" + Krm.kind(fc) + "`, expect ConfigMap or " + KIND);
    }
    if (name.isEmpty()) {
      throw new FunctionException("must specify `name`");
    }
    if (newName.isEmpty() && newTag.isEmpty() && digest.isEmpty()) {
      throw new FunctionException("must specify one of `newName`, `newTag`, or `digest`");
    }
    return new Image(name, newName, newTag, digest);
  }

  private static void containers(ObjectNode podSpec, Image image, int[] count) {
    if (podSpec == null) {
      return;
    }
    // The catalog reads "iniContainers" (sic), so init containers are never changed.
    for (ObjectNode c : Krm.mapsIn(podSpec, "containers")) {
      JsonNode value = c.get("image");
      String old = value == null || value.isNull() ? "" : value.asText();
      if (!matches(old, image)) {
        continue;
      }
      String updated = catalogImage(old, image);
      if (!updated.equals(old)) {
        c.put("image", updated);
        count[0]++;
      }
    }
  }

  /** kustomize's IsImageMatched: {@code ^name(:tag)?(@sha256:digest)?$}. */
  static boolean matches(String value, Image image) {
    try {
      return Pattern.compile(
              "^" + image.name() + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")
          .matcher(value)
          .find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** kustomize's image.Split: name, tag (without {@code :}), digest (without {@code @}). */
  static String[] split(String image) {
    String search = image;
    int slash = image.indexOf('/');
    if (slash > 0) {
      search = image.substring(slash);
    } else {
      slash = 0;
    }
    int id = search.indexOf('@');
    int ic = search.indexOf(':');
    if (ic < 0 && id < 0) {
      return new String[] {image, "", ""};
    }
    if (id >= 0 && (id < ic || ic < 0)) {
      id += slash;
      return new String[] {image.substring(0, id), "", image.substring(id + 1)};
    }
    if (id >= 0) {
      id += slash;
      ic += slash;
      return new String[] {
        image.substring(0, ic), image.substring(ic + 1, id), image.substring(id + 1)
      };
    }
    ic += slash;
    return new String[] {image.substring(0, ic), image.substring(ic + 1), ""};
  }

  /** The catalog's getNewImageName, quirks included. */
  static String catalogImage(String old, Image image) {
    String[] parts = split(old);
    String name = image.newName().isEmpty() ? parts[0] : image.newName();
    String tag = parts[1];
    if (!image.newTag().isEmpty()) {
      tag = ":" + image.newTag();
    }
    if (!image.digest().isEmpty()) {
      tag = "@" + image.digest();
    }
    return tag.isEmpty() ? name + parts[2] : name + tag;
  }

  /** kustomize's image tag filter update for additional fields. */
  static String kustomizeImage(String old, Image image) {
    String[] parts = split(old);
    String name = image.newName().isEmpty() ? parts[0] : image.newName();
    String tag = image.newTag().isEmpty() ? parts[1] : image.newTag();
    String digest = image.digest().isEmpty() ? parts[2] : image.digest();
    if (!image.digest().isEmpty()) {
      tag = image.newTag();
    }
    return name + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
  }
}
