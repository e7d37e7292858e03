package io.jporch.git.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The refs of the cache clone at one moment (symbolic refs excluded), sorted by name, plus the
 * derived set of {@code deletionProposed/...} branch names.
 */
public record RefSnapshot(Map<String, ObjectId> refs, Set<String> deletionProposed) {
  public static final RefSnapshot EMPTY = new RefSnapshot(Map.of(), Set.of());

  /** Builds a snapshot; {@code refs} is copied. */
  public static RefSnapshot of(Map<String, ObjectId> refs) {
    TreeMap<String, ObjectId> sorted = new TreeMap<>(refs);
    Set<String> dp = new TreeSet<>();
    String prefix = RefNames.LOCAL_BRANCH_PREFIX + RefNames.DELETION_PROPOSED;
    for (String name : sorted.keySet()) {
      if (name.startsWith(prefix)) {
        dp.add(name.substring(RefNames.LOCAL_BRANCH_PREFIX.length()));
      }
    }
    return new RefSnapshot(Collections.unmodifiableMap(sorted), Collections.unmodifiableSet(dp));
  }

  /** The id of a local ref, or null. */
  public ObjectId get(String localRef) {
    return refs.get(localRef);
  }
}
