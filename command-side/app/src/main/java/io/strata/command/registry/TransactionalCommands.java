package io.strata.command.registry;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * Sends commands inside one database transaction, so their events, the registry rows recorded from them
 * and whatever else the caller writes commit together or not at all.
 */
@Component
public class TransactionalCommands {

    private final CommandGateway commands;
    private final TransactionTemplate transactions;

    public TransactionalCommands(CommandGateway commands, TransactionTemplate transactions) {
        this.commands = commands;
        this.transactions = transactions;
    }

    public <R> R send(Object command) {
        return transactions.execute(status -> commands.sendAndWait(command));
    }

    /** Runs {@code work} (which may send commands and write tables) in one transaction. */
    public <R> R inTransaction(Supplier<R> work) {
        return transactions.execute(status -> work.get());
    }
}
