/**
 * In-memory fakes of core's repository contracts: {@link io.jporch.testing.fake.FakeRepository} and
 * {@link io.jporch.testing.fake.FakeRepositoryFactory}. They follow the Git adapter's rules (drafts
 * are invisible until closed, publishing needs a revision number, tags are unique, Published ↔
 * DeletionProposed only) so that cache and engine can be tested without Git.
 */
package io.jporch.testing.fake;
