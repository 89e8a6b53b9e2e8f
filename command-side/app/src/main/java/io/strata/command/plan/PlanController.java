package io.strata.command.plan;

import io.strata.command.registry.TransactionalCommands;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.plan.CreatePlanCommand;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/plans}: creating plans (reading them is on the query side). */
@RestController
@RequestMapping("/api/v1/plans")
class PlanController {

    private static final Logger log = LoggerFactory.getLogger(PlanController.class);

    private final TransactionalCommands commands;
    private final PlanDefinitionCheck check;

    PlanController(TransactionalCommands commands, PlanDefinitionCheck check) {
        this.commands = commands;
        this.check = check;
    }

    record Created(String planId) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@Valid @RequestBody PlanRequest request) {
        Caller caller = CurrentCaller.require();
        PlanId planId = PlanId.random();
        CreatePlanCommand command = check.command(planId, caller.tenantId(), request);
        commands.send(command);
        log.info("Created plan {} for server {}", planId, command.serverId());
        return new Created(planId.value());
    }
}
