package io.jporch.core.api.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI constraints of one record component: whether the schema lists it as required, its allowed
 * values, a string format ({@code date-time} makes it a Kubernetes {@code metav1.Time}), a default
 * and simple bounds. Unset elements add nothing to the schema. These are published facts only:
 * request validation stays in the API server's strategies.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER
})
public @interface FieldSchema {
  /** Sentinel for "no bound". */
  long UNSET = Long.MIN_VALUE;

  /** Listed in the enclosing schema's {@code required}. */
  boolean required() default false;

  /** The allowed values ({@code enum}), for string fields. */
  String[] enumValues() default {};

  /** OpenAPI {@code format}, e.g. {@code date-time}. */
  String format() default "";

  /** The default value as a string (published as the field's type). */
  String defaultValue() default "";

  /** {@code minLength}. */
  long minLength() default UNSET;

  /** {@code maxLength}. */
  long maxLength() default UNSET;

  /** {@code minimum}. */
  long minimum() default UNSET;

  /** {@code pattern}. */
  String pattern() default "";
}
