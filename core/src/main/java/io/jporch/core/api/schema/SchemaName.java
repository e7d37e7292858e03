package io.jporch.core.api.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Go type name Porch's generated OpenAPI uses for a record, where it differs from the Java name
 * (for example {@code Task.InitTaskSpec} is published as {@code PackageInitTaskSpec}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SchemaName {
  /** The simple type name, without package prefix. */
  String value();
}
