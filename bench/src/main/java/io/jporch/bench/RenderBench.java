package io.jporch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.fn.BuiltinFunctionRuntime;
import io.jporch.task.DefaultTaskHandler;
import io.jporch.task.RenderResult;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PackageRevisionResources update + render latency (issue 5): a Draft holding a package of R KRM
 * resources (ConfigMaps, Deployments and Services, five documents per file) with the two-function
 * builtin pipeline {@code set-namespace} + {@code apply-replacements} is replaced through the API N
 * times; every round changes the namespace and the image the replacement copies, so each render
 * rewrites every resource file. Timed per request: {@code PUT packagerevisionresources} (replace,
 * render, commit and push of the draft, re-read); beside it the render alone, in process ({@link
 * DefaultTaskHandler#render}), on the same files.
 */
public final class RenderBench {
  private static final String REPOSITORY = "bench";
  static final int DOCS_PER_FILE = 5;

  /**
   * Settings.
   *
   * @param resources KRM resources in the package (besides the Kptfile and the function config)
   * @param updates measured updates
   */
  public record Settings(int resources, int updates) {}

  /** Latencies and CPU per operation. */
  public record Result(
      int resources, int files, Map<String, Latencies> latencies, Map<String, Long> cpuNanos) {}

  private final Settings settings;
  private final Report report;

  public RenderBench(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** Runs in {@code workDir}. */
  public Result run(Path workDir) {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.forTotal(10);
    RepositoryGenerator.Result repo =
        RepositoryGenerator.generate(workDir.resolve("remote.git"), shape);
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    Map<String, Long> cpu = new LinkedHashMap<>();
    int warmUp = 5;
    try (BenchServer server =
        BenchServer.start(workDir.resolve("data"), HttpClient.Version.HTTP_2)) {
      server.register(REPOSITORY, repo.url());
      server.awaitListed(shape.listedRevisions(), Duration.ofMinutes(10));
      BenchClient client = server.client();
      String create =
          """
          {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision",
           "metadata":{"namespace":"default"},
           "spec":{"packageName":"rendered","repository":"%s","workspaceName":"v1",
                   "tasks":[{"type":"init","init":{"description":"bench"}}]}}"""
              .formatted(REPOSITORY);
      String name =
          client
              .send("POST", BenchServer.PACKAGE_REVISIONS, create, "application/json")
              .expect(201, "create draft")
              .json()
              .at("/metadata/name")
              .asText();
      String path = BenchServer.PORCH + "packagerevisionresources/" + name;
      report.progress(
          "render: %d resources, %d updates after %d warm-up",
          settings.resources(), settings.updates(), warmUp);
      DefaultTaskHandler handler = new DefaultTaskHandler(List.of(new BuiltinFunctionRuntime()));
      int files = 0;
      for (int i = 0; i < warmUp + settings.updates(); i++) {
        ObjectNode prr =
            (ObjectNode) client.get(path, BenchClient.JSON_ACCEPT).expect(200, "get").json();
        ObjectNode resources = (ObjectNode) prr.at("/spec/resources");
        Map<String, String> pkg = pkg(settings.resources(), i);
        files = pkg.size();
        resources.removeAll();
        pkg.forEach(resources::put);
        long cpu0 = ListBench.cpuNanos();
        BenchClient.Timed put =
            client.send("PUT", path, prr.toString(), "application/json").expect(200, "update");
        long putCpu = ListBench.cpuNanos() - cpu0;
        JsonNode status = put.json().at("/status/renderStatus");
        if (status.path("result").path("exitCode").asInt(-1) != 0
            || status.path("result").path("items").size() != 2) {
          throw new IllegalStateException("render did not run both functions: " + status);
        }
        long t0 = System.nanoTime();
        long cpu1 = ListBench.cpuNanos();
        RenderResult direct = handler.render(pkg);
        long renderNanos = System.nanoTime() - t0;
        long renderCpu = ListBench.cpuNanos() - cpu1;
        if (direct.failed()) {
          throw new IllegalStateException("in-process render failed: " + direct.error());
        }
        if (i >= warmUp) {
          add(
              samples,
              cpu,
              "API: PUT packagerevisionresources (render + push)",
              put.nanos(),
              putCpu);
          add(samples, cpu, "render only, in process (no Git)", renderNanos, renderCpu);
        }
      }
      Map<String, Latencies> latencies = new LinkedHashMap<>();
      samples.forEach((k, v) -> latencies.put(k, Latencies.of(v)));
      Map<String, Long> cpuPer = new LinkedHashMap<>();
      cpu.forEach((k, v) -> cpuPer.put(k, v / settings.updates()));
      latencies.forEach((k, v) -> report.progress("render: %s %s", k, v));
      Result result = new Result(settings.resources(), files, latencies, cpuPer);
      report.renderResult(result);
      return result;
    }
  }

  private static void add(
      Map<String, List<Long>> samples,
      Map<String, Long> cpu,
      String key,
      long nanos,
      long cpuNanos) {
    samples.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
    cpu.merge(key, cpuNanos, Long::sum);
  }

  /** The package of round {@code round}: its namespace and image differ from the last round's. */
  static Map<String, String> pkg(int resources, int round) {
    Map<String, String> files = new LinkedHashMap<>();
    String namespace = "team-" + (round % 2 == 0 ? "a" : "b");
    files.put(
        "Kptfile",
        """
        apiVersion: kpt.dev/v1
        kind: Kptfile
        metadata:
          name: rendered
          annotations:
            config.kubernetes.io/local-config: "true"
        info:
          description: render benchmark
        pipeline:
          mutators:
            - image: ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5
              configMap:
                namespace: %s
            - image: ghcr.io/kptdev/krm-functions-catalog/apply-replacements:v0.1.5
              configPath: replacements.yaml
        """
            .formatted(namespace));
    files.put(
        "replacements.yaml",
        """
        apiVersion: fn.kpt.dev/v1alpha1
        kind: ApplyReplacements
        metadata:
          name: replacements
          annotations:
            config.kubernetes.io/local-config: "true"
        replacements:
          - source:
              kind: ConfigMap
              name: settings
              fieldPath: data.image
            targets:
              - select:
                  kind: Deployment
                fieldPaths:
                  - spec.template.spec.containers.[name=app].image
          - source:
              kind: ConfigMap
              name: settings
              fieldPath: data.replicas
            targets:
              - select:
                  kind: Deployment
                fieldPaths:
                  - spec.replicas
        """);
    List<String> docs = new ArrayList<>();
    docs.add(
        """
        # settings the replacements copy into every Deployment
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: default
        data:
          image: registry.example.com/app:v%d
          replicas: "%d"
        """
            .formatted(round, 1 + round % 3));
    for (int i = 1; i < resources; i++) {
      docs.add(
          switch (i % 3) {
            case 0 ->
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config-%03d
                  namespace: default
                  labels:
                    app: app-%03d
                data:
                  # a comment kept across renders
                  key: value-%03d
                """
                    .formatted(i, i, i);
            case 1 ->
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app-%03d
                  namespace: default
                  labels:
                    app: app-%03d
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: app-%03d
                  template:
                    metadata:
                      labels:
                        app: app-%03d
                    spec:
                      containers:
                        - name: app
                          image: registry.example.com/app:v0
                          ports:
                            - containerPort: 8080
                        - name: sidecar
                          image: registry.example.com/proxy:v1
                """
                    .formatted(i, i, i, i);
            default ->
                """
                apiVersion: v1
                kind: Service
                metadata:
                  name: svc-%03d
                  namespace: default
                spec:
                  selector:
                    app: app-%03d
                  ports:
                    - port: 80
                      targetPort: 8080
                """
                    .formatted(i, i);
          });
    }
    for (int f = 0; f * DOCS_PER_FILE < docs.size(); f++) {
      List<String> part =
          docs.subList(f * DOCS_PER_FILE, Math.min(docs.size(), (f + 1) * DOCS_PER_FILE));
      files.put(String.format(Locale.ROOT, "resources-%02d.yaml", f), String.join("---\n", part));
    }
    return files;
  }
}
