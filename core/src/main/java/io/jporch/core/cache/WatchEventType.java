package io.jporch.core.cache;

/** Kubernetes watch event types. */
public enum WatchEventType {
  ADDED,
  MODIFIED,
  DELETED
}
