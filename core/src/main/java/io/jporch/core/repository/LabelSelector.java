package io.jporch.core.repository;

import java.util.Map;

/** A Kubernetes label selector evaluated against an object's labels. */
@FunctionalInterface
public interface LabelSelector {
  LabelSelector EVERYTHING = labels -> true;

  boolean matches(Map<String, String> labels);
}
