package io.jporch.bench;

import io.jporch.core.api.Task;
import io.jporch.git.internal.CommitMessages;
import io.jporch.git.internal.GitAnnotation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Writes a bare Git repository holding many package revisions in Porch's layout, directly with JGit
 * (one pack, one packed-refs write), so that 10,000 revisions take seconds rather than the hours
 * the API would need. For every published revision {@code <pkg>/v<k>} it writes what Porch itself
 * leaves behind: a draft commit ({@code init} task annotation, parent = branch head) and an
 * approval commit on {@code main} (parents = head and draft commit) that the lightweight tag points
 * at. Drafts are {@code drafts/<pkg>/<ws>} branches with one init commit each. Every package holds
 * a Kptfile and a ConfigMap.
 */
public final class RepositoryGenerator {
  private static final String BRANCH = "main";
  private static final PersonIdent AUTHOR_TEMPLATE =
      new PersonIdent("jporch bench", "bench@example.com");

  private RepositoryGenerator() {}

  /**
   * How many package revisions to write.
   *
   * @param packages number of packages (each also yields one placeholder revision on {@code main})
   * @param revisionsPerPackage published revisions (tags) per package
   * @param drafts draft branches, spread over the packages
   */
  public record Shape(int packages, int revisionsPerPackage, int drafts) {
    public Shape {
      if (packages < 1 || revisionsPerPackage < 1 || drafts < 0) {
        throw new IllegalArgumentException(
            "need at least one package and one revision per package, and drafts >= 0: "
                + packages
                + "/"
                + revisionsPerPackage
                + "/"
                + drafts);
      }
    }

    /**
     * A shape that lists exactly {@code total} package revisions: {@code max(1, total/100)}
     * packages, as many published revisions per package as fit, and drafts for the rest.
     */
    public static Shape forTotal(int total) {
      int packages = Math.max(1, total / 100);
      int perPackage = (total - 2 * packages) / packages;
      if (perPackage < 1) {
        throw new IllegalArgumentException("too few revisions for a repository: " + total);
      }
      return new Shape(packages, perPackage, total - packages - packages * perPackage);
    }

    /** Revisions jporch lists: published ones, one placeholder per package and the drafts. */
    public int listedRevisions() {
      return packages * revisionsPerPackage + packages + drafts;
    }

    /** The name of package {@code i} (0-based). */
    public static String packageName(int i) {
      return String.format("pkg-%04d", i);
    }

    /** The workspace of draft {@code j} (0-based). */
    public static String draftWorkspace(int j) {
      return "draft-" + j;
    }

    /** The package draft {@code j} belongs to. */
    public String draftPackage(int j) {
      return packageName(j % packages);
    }
  }

  /**
   * A generated repository.
   *
   * @param gitDir the bare repository
   * @param url its {@code file://} URL
   * @param commits commits written
   */
  public record Result(Path gitDir, String url, Shape shape, int commits) {}

  /** Writes a new bare repository with {@code shape} into {@code gitDir} (must not exist). */
  public static Result generate(Path gitDir, Shape shape) {
    try {
      if (Files.exists(gitDir)) {
        throw new IllegalArgumentException(gitDir + " already exists");
      }
      Files.createDirectories(gitDir);
      try (Repository repo = FileRepositoryBuilder.create(gitDir.toFile())) {
        repo.create(true);
        RefUpdate head = repo.updateRef(Constants.HEAD);
        head.disableRefLog();
        head.link(Constants.R_HEADS + BRANCH);
        int commits = write(repo, shape);
        return new Result(gitDir, "file://" + gitDir.toAbsolutePath().normalize(), shape, commits);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate a repository in " + gitDir, e);
    }
  }

  private static int write(Repository repo, Shape shape) throws IOException {
    int totalCommits = 1 + 2 * shape.packages() * shape.revisionsPerPackage() + shape.drafts();
    Clock clock = new Clock(Instant.now().minusSeconds(totalCommits + 60L));
    List<ReceiveCommand> refs = new ArrayList<>();
    Map<String, ObjectId> packageTrees = new TreeMap<>();
    int commits = 0;
    try (ObjectInserter inserter = inserter(repo)) {
      ObjectId head =
          commit(
              inserter,
              emptyTree(inserter),
              List.of(),
              clock.next(),
              CommitMessages.INITIAL_COMMIT);
      commits++;
      for (int k = 1; k <= shape.revisionsPerPackage(); k++) {
        for (int p = 0; p < shape.packages(); p++) {
          String pkg = Shape.packageName(p);
          String workspace = "v" + k;
          ObjectId packageTree = packageTree(inserter, pkg, "revision " + k);
          ObjectId draft =
              draftCommit(inserter, clock, head, packageTrees, pkg, workspace, packageTree);
          packageTrees.put(pkg, packageTree);
          String message =
              CommitMessages.approval(
                  pkg, k, new GitAnnotation(pkg, workspace, Integer.toString(k), null));
          head =
              commit(
                  inserter, rootTree(inserter, packageTrees), List.of(head, draft), clock, message);
          refs.add(create(Constants.R_TAGS + pkg + "/v" + k, head));
          commits += 2;
        }
      }
      for (int j = 0; j < shape.drafts(); j++) {
        String pkg = shape.draftPackage(j);
        String workspace = Shape.draftWorkspace(j);
        ObjectId packageTree = packageTree(inserter, pkg, "draft " + j);
        ObjectId draft =
            draftCommit(inserter, clock, head, packageTrees, pkg, workspace, packageTree);
        refs.add(create(Constants.R_HEADS + "drafts/" + pkg + "/" + workspace, draft));
        commits++;
      }
      refs.add(create(Constants.R_HEADS + BRANCH, head));
      inserter.flush();
    }
    updateRefs(repo, refs);
    return commits;
  }

  private static ObjectId draftCommit(
      ObjectInserter inserter,
      Clock clock,
      ObjectId head,
      Map<String, ObjectId> packageTrees,
      String pkg,
      String workspace,
      ObjectId packageTree)
      throws IOException {
    Map<String, ObjectId> withDraft = new TreeMap<>(packageTrees);
    withDraft.put(pkg, packageTree);
    Task init = Task.init(new Task.InitTaskSpec("", pkg + " description", null, null));
    String message =
        CommitMessages.updateResources(init, new GitAnnotation(pkg, workspace, "0", init));
    return commit(inserter, rootTree(inserter, withDraft), List.of(head), clock, message);
  }

  private static ObjectInserter inserter(Repository repo) {
    if (repo.getObjectDatabase() instanceof ObjectDirectory dir) {
      PackInserter pack = dir.newPackInserter();
      pack.checkExisting(false);
      pack.setCompressionLevel(1);
      return pack;
    }
    return repo.newObjectInserter();
  }

  private static ObjectId emptyTree(ObjectInserter inserter) throws IOException {
    return inserter.insert(new TreeFormatter());
  }

  private static ObjectId packageTree(ObjectInserter inserter, String pkg, String what)
      throws IOException {
    String kptfile =
        """
        apiVersion: kpt.dev/v1
        kind: Kptfile
        metadata:
          name: %s
          annotations:
            config.kubernetes.io/local-config: "true"
        info:
          description: %s %s
        """
            .formatted(pkg, pkg, what);
    String configMap =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          revision: "%s"
        """
            .formatted(pkg, what);
    TreeFormatter tree = new TreeFormatter();
    tree.append("Kptfile", FileMode.REGULAR_FILE, blob(inserter, kptfile));
    tree.append("configmap.yaml", FileMode.REGULAR_FILE, blob(inserter, configMap));
    return inserter.insert(tree);
  }

  private static ObjectId blob(ObjectInserter inserter, String content) throws IOException {
    return inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
  }

  /** The root tree; package names are equal-length ASCII, so map order is Git's tree order. */
  private static ObjectId rootTree(ObjectInserter inserter, Map<String, ObjectId> packageTrees)
      throws IOException {
    TreeFormatter tree = new TreeFormatter();
    packageTrees.forEach((name, id) -> tree.append(name, FileMode.TREE, id));
    return inserter.insert(tree);
  }

  private static ObjectId commit(
      ObjectInserter inserter, ObjectId tree, List<ObjectId> parents, Clock clock, String message)
      throws IOException {
    return commit(inserter, tree, parents, clock.next(), message);
  }

  private static ObjectId commit(
      ObjectInserter inserter, ObjectId tree, List<ObjectId> parents, Instant when, String message)
      throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(parents);
    PersonIdent ident = new PersonIdent(AUTHOR_TEMPLATE, when, ZoneOffset.UTC);
    commit.setAuthor(ident);
    commit.setCommitter(ident);
    commit.setMessage(message);
    return inserter.insert(commit);
  }

  private static ReceiveCommand create(String ref, ObjectId id) {
    return new ReceiveCommand(ObjectId.zeroId(), id, ref);
  }

  private static void updateRefs(Repository repo, List<ReceiveCommand> commands)
      throws IOException {
    BatchRefUpdate batch = repo.getRefDatabase().newBatchUpdate();
    batch.setAtomic(true);
    batch.setAllowNonFastForwards(true);
    batch.addCommand(commands);
    try (RevWalk walk = new RevWalk(repo)) {
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    }
    for (ReceiveCommand command : commands) {
      if (command.getResult() != ReceiveCommand.Result.OK) {
        throw new IOException("cannot create " + command.getRefName() + ": " + command.getResult());
      }
    }
  }

  /** Strictly increasing commit times, one second apart, ending before now. */
  private static final class Clock {
    private Instant next;

    Clock(Instant start) {
      this.next = start;
    }

    Instant next() {
      Instant now = next;
      next = next.plusSeconds(1);
      return now;
    }
  }
}
