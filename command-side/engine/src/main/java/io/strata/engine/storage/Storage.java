package io.strata.engine.storage;

import java.util.List;

/**
 * A flat store of immutable, named objects. This is the whole contract every backend honours
 * (the abstract {@code StorageContractTest} in the test jar checks it):
 *
 * <ul>
 *   <li><b>Atomic visibility.</b> After {@link #put} returns, {@link #get}, {@link #exists} and
 *       {@link #list} from any client see the whole object; before it returns, or if it fails,
 *       they see either nothing or the previous whole object, never a partial one.</li>
 *   <li><b>Idempotent puts.</b> Putting the same bytes under the same name again succeeds and
 *       changes nothing. Every name except {@code config} is the SHA-256 of the bytes, so the
 *       engine never puts different bytes under such a name; {@code config} may be replaced.</li>
 *   <li><b>Durability.</b> A returned put survives a crash of this process and, for backends that
 *       can promise it, of the machine (the local backend fsyncs the file and its directory).</li>
 *   <li><b>Reads.</b> {@link #get(ObjectName, long, int)} returns exactly {@code length} bytes from
 *       {@code offset}; a range past the end is a {@link PermanentStorageException}. A missing
 *       object is an {@link ObjectNotFoundException}.</li>
 *   <li><b>Listing.</b> {@link #list} returns every object of one kind whose put had returned
 *       before the listing began, each once, in no particular order; objects put or deleted
 *       concurrently may or may not appear. Temporary files of unfinished puts never appear.</li>
 *   <li><b>Deletes</b> are idempotent: deleting a missing object succeeds. On a location that keeps
 *       objects immutable, deleting a retained object fails with {@link ObjectLockedException} and the
 *       object stays whole and readable.</li>
 *   <li><b>Concurrency.</b> All methods may be called from many threads at once.</li>
 *   <li><b>Errors</b> are {@link RetryableStorageException} when a retry may succeed and
 *       {@link PermanentStorageException} otherwise.</li>
 * </ul>
 */
public interface Storage extends AutoCloseable {

    /** Stores the whole of {@code data}: {@link #put(ObjectName, byte[], int)} of all its bytes. */
    default void put(ObjectName name, byte[] data) throws StorageException {
        put(name, data, data.length);
    }

    /**
     * Stores the first {@code length} bytes of {@code data} as the object: a prefix, so that a caller filling a
     * reusable buffer (the pack writer) need not copy each object into an array of its exact size first. {@code data}
     * is not kept: the caller may reuse it once this returns. A length beyond the array is an
     * {@link IndexOutOfBoundsException}.
     */
    void put(ObjectName name, byte[] data, int length) throws StorageException;

    byte[] get(ObjectName name) throws StorageException;

    byte[] get(ObjectName name, long offset, int length) throws StorageException;

    List<ObjectInfo> list(ObjectKind kind) throws StorageException;

    void delete(ObjectName name) throws StorageException;

    boolean exists(ObjectName name) throws StorageException;

    /** A human-readable location for messages, e.g. {@code local:/srv/repo}. Never contains secrets. */
    String describe();

    @Override
    default void close() throws StorageException {
    }
}
