package io.strata.query.server;

import io.strata.kernel.server.FindServerQuery;
import io.strata.kernel.server.FindServersQuery;
import io.strata.kernel.server.ServerKind;
import io.strata.kernel.server.ServerView;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Answers server queries from {@code server_view}, under the asking tenant's binding. */
@Component
class ServerQueries {

    private static final String SELECT = "select s.server_id, s.name, s.kind, s.host, s.port, s.username, s.local_path,"
            + " k.public_key, s.registered_at, s.last_backup_id, s.last_backup_at from server_view s left join server_tenant_key_view k on k.tenant_id = s.tenant_id";
    private static final RowMapper<ServerView> VIEW = (rs, row) -> new ServerView(rs.getString(1), rs.getString(2),
            ServerKind.valueOf(rs.getString(3)), rs.getString(4), (Integer) rs.getObject(5), rs.getString(6),
            rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getString(10),
            rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());

    private final TenantReads reads;

    ServerQueries(TenantReads reads) {
        this.reads = reads;
    }

    @QueryHandler
    List<ServerView> handle(FindServersQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(SELECT + " order by s.registered_at, s.server_id", VIEW));
    }

    @QueryHandler
    Optional<ServerView> handle(FindServerQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(SELECT + " where s.server_id = ?", VIEW,
                query.serverId().value()).stream().findFirst());
    }
}
