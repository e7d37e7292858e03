package io.jporch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.meta.Status;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.server.rest.WireFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusMapperTest {
  private static final ResourceRef PR = ResourceRef.packageRevision("repo.pkg.ws");

  @Test
  void notFoundNamesTheResource() {
    Status s = StatusMapper.toStatus(new NotFoundException(PR, ""));
    assertThat(s.code()).isEqualTo(404);
    assertThat(s.reason()).isEqualTo("NotFound");
    assertThat(s.message()).isEqualTo("packagerevisions.porch.kpt.dev \"repo.pkg.ws\" not found");
    assertThat(s.details())
        .isEqualTo(
            new Status.Details("repo.pkg.ws", "porch.kpt.dev", "packagerevisions", List.of()));
  }

  @Test
  void conflictAndForbiddenFollowKubernetesWording() {
    assertThat(StatusMapper.toStatus(new ConflictException(PR, "busy")).message())
        .isEqualTo(
            "Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"repo.pkg.ws\": busy");
    assertThat(StatusMapper.toStatus(new ForbiddenException(PR, "no")).message())
        .isEqualTo("packagerevisions.porch.kpt.dev \"repo.pkg.ws\" is forbidden: no");
  }

  @Test
  void invalidCarriesCausesAndKind() {
    Status s =
        StatusMapper.toStatus(
            new InvalidException(
                PR,
                List.of(
                    FieldError.invalid(
                        "spec.lifecycle", "Bad", "value can be only created as Draft"))));
    assertThat(s.code()).isEqualTo(422);
    assertThat(s.reason()).isEqualTo("Invalid");
    assertThat(s.message())
        .startsWith("PackageRevision.porch.kpt.dev \"repo.pkg.ws\" is invalid: spec.lifecycle");
    assertThat(s.details().kind()).isEqualTo("PackageRevision");
    assertThat(s.details().causes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.field()).isEqualTo("spec.lifecycle");
              assertThat(c.reason()).isEqualTo("FieldValueInvalid");
            });
  }

  @Test
  void internalErrorsArePrefixedAndUnexpectedOnesHidden() {
    assertThat(StatusMapper.toStatus(new InternalErrorException(PR, "push failed")).message())
        .isEqualTo("Internal error occurred: push failed");
    Status unexpected = StatusMapper.toStatus(new IllegalStateException("boom"));
    assertThat(unexpected.code()).isEqualTo(500);
    assertThat(unexpected.reason()).isEqualTo("InternalError");
    assertThat(unexpected.message()).isEqualTo("Internal error occurred: boom");
  }

  @Test
  void wireFailuresKeepTheirCode() {
    assertThat(StatusMapper.toStatus(WireFailure.tooLarge("big")).code()).isEqualTo(413);
    assertThat(StatusMapper.toStatus(WireFailure.unsupportedMediaType("x")).reason())
        .isEqualTo("UnsupportedMediaType");
  }
}
