/**
 * A Git smart-HTTP server for tests ({@link io.jporch.testing.http.GitHttpServer}, backed by the
 * real {@code git http-backend}) and helpers to unpack the shared Git fixtures ({@link
 * io.jporch.testing.http.TestData}).
 */
package io.jporch.testing.http;
