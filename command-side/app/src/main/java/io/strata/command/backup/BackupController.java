package io.strata.command.backup;

import io.strata.command.plan.PlanRegistry;
import io.strata.command.registry.TransactionalCommands;
import io.strata.kernel.backup.CancelBackupCommand;
import io.strata.kernel.backup.RequestBackupCommand;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.PlanCreated;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.function.Function;

/** Requesting and cancelling backups; their state is read on the query side. */
@RestController
@EnableConfigurationProperties(BackupRunProperties.class)
class BackupController {

    private static final Logger log = LoggerFactory.getLogger(BackupController.class);

    private final TransactionalCommands commands;
    private final PlanRegistry plans;
    private final BackupRegistry backups;
    private final BackupRunProperties settings;

    BackupController(TransactionalCommands commands, PlanRegistry plans, BackupRegistry backups,
                     BackupRunProperties settings) {
        this.commands = commands;
        this.plans = plans;
        this.backups = backups;
        this.settings = settings;
    }

    record Request(@NotNull BackupLevel level, Boolean dryRun) {
    }

    record Accepted(String backupId) {
    }

    @PostMapping("/api/v1/plans/{planId}/backups")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted request(@PathVariable String planId, @Valid @RequestBody Request request) {
        Caller caller = CurrentCaller.require();
        PlanCreated plan = plans.find(caller.tenantId(), parse(planId, PlanId::of, "The plan"))
                .orElseThrow(() -> DomainException.notFound("The plan"));
        BackupId backupId = BackupId.random();
        BackupRegistry.Lineage lineage = backups.lineage(plan.planId());
        commands.send(new RequestBackupCommand(backupId, caller.tenantId(), plan.planId(), plan.serverId(),
                plan.storageLocationId(), request.level(), Boolean.TRUE.equals(request.dryRun()), lineage.lastFull(),
                lineage.lastSuccessful(), settings.maxAttempts()));
        log.info("Requested {} backup {} of plan {}", request.level(), backupId, plan.planId());
        return new Accepted(backupId.value());
    }

    @PostMapping("/api/v1/backups/{backupId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted cancel(@PathVariable String backupId) {
        Caller caller = CurrentCaller.require();
        BackupId id = parse(backupId, BackupId::of, "The backup");
        commands.send(new CancelBackupCommand(id, caller.tenantId()));
        return new Accepted(id.value());
    }

    private static <T> T parse(String raw, Function<String, T> parser, String what) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound(what);
        }
    }
}
