package io.strata.engine.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.StorageFullException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * How S3 error answers map to the engine's errors. S3Proxy does not implement Object Lock, so the answer of a
 * locking server to a delete of a retained version ({@code 403 AccessDenied}-style {@code ObjectLocked}, as AWS
 * and MinIO send it) is built here from its documented shape.
 */
class S3ErrorsTest {
    private static final ObjectName PACK = new ObjectName(ObjectKind.PACK, "ab".repeat(32));

    private static ErrorResponseException answer(String code, int status) {
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1/b/k").build())
                .protocol(Protocol.HTTP_1_1).code(status).message(code).build();
        return new ErrorResponseException(new ErrorResponse(code, "refused", "b", "k", "/b/k", "r1", "h1"), response, null);
    }

    @Test
    void aDeleteRefusedByObjectLockIsAnObjectLockedExceptionNamingTheObject() {
        StorageException e = S3Errors.translate("delete " + PACK, PACK, "b", answer("ObjectLocked", 400));
        assertThat(e).isInstanceOf(ObjectLockedException.class).hasMessageContaining("ObjectLocked");
        assertThat(((ObjectLockedException) e).object()).isEqualTo(PACK);
    }

    @Test
    void aServerWithoutRoomAnswersThatTheStorageIsFull() {
        assertThat(S3Errors.translate("put " + PACK, PACK, "b", answer("XMinioStorageFull", 507)))
                .isInstanceOf(StorageFullException.class).hasMessageContaining("no room left");
        assertThat(S3Errors.translate("put " + PACK, PACK, "b", answer("QuotaExceeded", 403)))
                .isInstanceOf(StorageFullException.class);
    }

    @Test
    void otherAnswersKeepTheirMeaning() {
        assertThat(S3Errors.translate("get", PACK, "b", answer("NoSuchKey", 404))).isInstanceOf(ObjectNotFoundException.class);
        assertThat(S3Errors.translate("get", PACK, "b", answer("SlowDown", 503))).isInstanceOf(RetryableStorageException.class);
        assertThat(S3Errors.translate("get", PACK, "b", answer("AccessDenied", 403)))
                .isInstanceOf(PermanentStorageException.class).isNotInstanceOf(ObjectLockedException.class);
    }
}
