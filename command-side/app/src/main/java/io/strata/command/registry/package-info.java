/**
 * How the command side keeps its registries: event handlers of the {@value
 * io.strata.command.registry.RegistryProcessing#GROUP} processing group run subscribed, inside the
 * transaction of the command whose events they record, and a failure fails that command. Each feature owns
 * its registry table and handler; {@link io.strata.command.registry.TransactionalCommands} opens the
 * transaction that makes events and registry rows commit together.
 */
package io.strata.command.registry;
