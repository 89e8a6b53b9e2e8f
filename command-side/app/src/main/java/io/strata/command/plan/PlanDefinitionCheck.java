package io.strata.command.plan;

import io.strata.command.server.ServerPathForm;
import io.strata.command.server.ServerRegistry;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.metadata.FileNames;
import io.strata.kernel.error.DisplayNames;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.CreatePlanCommand;
import io.strata.kernel.plan.PlanSchedule;
import io.strata.kernel.plan.PlanSource;
import io.strata.kernel.plan.RetentionPolicy;
import io.strata.kernel.plan.SourceType;
import io.strata.kernel.server.ServerKind;
import io.strata.platform.schedule.PlanCalendar;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a plan request into a {@link CreatePlanCommand}, refusing what could not run: a server or storage
 * location that is not the tenant's, replicas repeating the primary, relative or unnormalised paths, paths
 * of a LOCAL server outside its directory, malformed exclude globs, a command without a file name or on a
 * LOCAL server, cron expressions or time zones that do not parse, negative retention counts.
 */
@Component
class PlanDefinitionCheck {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    private final ServerRegistry servers;
    private final StorageLocationRegistry locations;

    PlanDefinitionCheck(ServerRegistry servers, StorageLocationRegistry locations) {
        this.servers = servers;
        this.locations = locations;
    }

    CreatePlanCommand command(PlanId planId, TenantId tenantId, PlanRequest request) {
        String name = DisplayNames.require(request.name(), "INVALID_PLAN_NAME", "plan");
        ServerId serverId = id(request.serverId(), ServerId::of);
        ServerRegistry.RegisteredServer server = (serverId == null ? java.util.Optional.<ServerRegistry.RegisteredServer>empty()
                : servers.find(tenantId, serverId))
                .orElseThrow(() -> refused(ErrorKind.UNPROCESSABLE, "UNKNOWN_SERVER", "serverId",
                        "The server " + request.serverId() + " does not exist"));
        StorageLocationId primary = location(tenantId, request.storageLocationId(), "storageLocationId");
        List<StorageLocationId> replicas = new ArrayList<>();
        Set<StorageLocationId> seen = new HashSet<>(List.of(primary));
        for (String replica : request.replicaLocationIds() == null ? List.<String>of() : request.replicaLocationIds()) {
            StorageLocationId id = location(tenantId, replica, "replicaLocationIds");
            if (!seen.add(id)) {
                throw refused(ErrorKind.INVALID, "DUPLICATE_LOCATION", "replicaLocationIds",
                        "Each replica must be a different location from the primary and from each other");
            }
            replicas.add(id);
        }
        List<PlanSource> sources = new ArrayList<>();
        Set<String> fileNames = new HashSet<>();
        for (PlanRequest.Source source : request.sources()) {
            PlanSource checked = source(source, server);
            if (checked.type() == SourceType.COMMAND && !fileNames.add(checked.fileName())) {
                throw refused(ErrorKind.INVALID, "INVALID_SOURCE", "sources", "Two command sources use the file name "
                        + checked.fileName());
            }
            sources.add(checked);
        }
        List<PlanSchedule> schedules = request.schedules() == null ? List.of() : request.schedules().stream()
                .map(s -> new PlanSchedule(s.level(), s.cron().strip(), s.timezone())).toList();
        new PlanCalendar(schedules); // refuses bad cron expressions and time zones with their own codes
        return new CreatePlanCommand(planId, tenantId, name, server.serverId(), sources, primary,
                replicas, schedules, retention(request.retention()));
    }

    private PlanSource source(PlanRequest.Source source, ServerRegistry.RegisteredServer server) {
        if (source.type() == SourceType.COMMAND) {
            if (source.paths() != null || source.excludes() != null) {
                throw refused(ErrorKind.INVALID, "INVALID_SOURCE", "sources", "A COMMAND source takes command and fileName only");
            }
            if (source.command() == null || source.command().isBlank()) {
                throw refused(ErrorKind.INVALID, "INVALID_SOURCE", "sources", "A COMMAND source needs a command");
            }
            if (source.fileName() == null || !FILE_NAME.matcher(source.fileName()).matches()) {
                throw refused(ErrorKind.INVALID, "INVALID_SOURCE", "sources",
                        "A COMMAND source needs a fileName of letters, digits, '.', '_' and '-'");
            }
            if (server.kind() != ServerKind.SSH) {
                throw refused(ErrorKind.UNPROCESSABLE, "COMMAND_NEEDS_SSH_SERVER", "sources",
                        "Commands run over SSH; this server is LOCAL");
            }
            return new PlanSource(SourceType.COMMAND, null, null, source.command(), source.fileName());
        }
        if (source.command() != null || source.fileName() != null) {
            throw refused(ErrorKind.INVALID, "INVALID_SOURCE", "sources", "A PATHS source takes paths and excludes only");
        }
        if (source.paths() == null || source.paths().isEmpty()) {
            throw refused(ErrorKind.INVALID, "INVALID_SOURCE", "sources", "A PATHS source needs at least one path");
        }
        List<String> paths = new ArrayList<>();
        for (String raw : source.paths()) {
            if (!ServerPathForm.isValid(raw)) {
                throw refused(ErrorKind.INVALID, "INVALID_PATH", "sources",
                        "'" + raw + "' must be " + ServerPathForm.RULE);
            }
            if (server.kind() == ServerKind.LOCAL && !ServerPathForm.nameableHere(raw)) {
                throw refused(ErrorKind.INVALID, "INVALID_PATH", "sources", "'" + raw
                        + "' cannot be named on this node's host: its file names are in " + FileNames.charset());
            }
            if (server.kind() == ServerKind.LOCAL && !ServerPathForm.isWithin(raw, server.localPath())) {
                throw refused(ErrorKind.UNPROCESSABLE, "PATH_OUTSIDE_SERVER", "sources",
                        "'" + raw + "' is outside the LOCAL server's directory " + server.localPath());
            }
            paths.add(raw);
        }
        List<String> excludes = source.excludes() == null ? List.of() : source.excludes();
        for (String glob : excludes) {
            try {
                ExcludeGlob.compile(glob);
            } catch (IllegalArgumentException e) {
                throw refused(ErrorKind.INVALID, "INVALID_EXCLUDE", "sources", "'" + glob + "' is not a valid glob pattern");
            }
        }
        return new PlanSource(SourceType.PATHS, paths, excludes, null, null);
    }

    private static RetentionPolicy retention(PlanRequest.Retention retention) {
        if (retention == null) {
            return new RetentionPolicy(null, null, null, null, null, null, null);
        }
        for (Integer count : new Integer[]{retention.keepLast(), retention.keepDaily(), retention.keepWeekly(),
                retention.keepMonthly(), retention.keepYearly(), retention.keepWithinDays()}) {
            if (count != null && (count < 0 || count > 100_000)) {
                throw refused(ErrorKind.INVALID, "INVALID_RETENTION", "retention",
                        "Retention counts must be between 0 and 100000");
            }
        }
        return new RetentionPolicy(retention.keepLast(), retention.keepDaily(), retention.keepWeekly(),
                retention.keepMonthly(), retention.keepYearly(), retention.keepWithinDays(), retention.monthlyCleanup());
    }

    private StorageLocationId location(TenantId tenantId, String raw, String field) {
        StorageLocationId id = id(raw, StorageLocationId::of);
        if (id == null || locations.find(tenantId, id).isEmpty()) {
            throw refused(ErrorKind.UNPROCESSABLE, "UNKNOWN_STORAGE_LOCATION", field,
                    "The storage location " + raw + " does not exist");
        }
        return id;
    }

    private static <T> T id(String raw, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DomainException refused(ErrorKind kind, String code, String field, String message) {
        return new DomainException(kind, code, message, Map.of("field", field));
    }
}
