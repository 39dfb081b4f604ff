package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File operations that never leave a half-written file behind: content goes to a
 * temporary file in the target's folder, is flushed to disk, and then replaces the target
 * in one rename.
 *
 * @author ACME Spring Boot contributors
 */
final class AtomicFiles {

	static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private AtomicFiles() {
	}

	/**
	 * Writes the content to the target, readable by the owner only from the first byte.
	 * The content is flushed to disk before the rename, and the folder after it.
	 * @param target the file to create or replace
	 * @param content the bytes to write
	 * @throws IOException if the file cannot be written; the target is then unchanged
	 */
	static void write(Path target, byte[] content) throws IOException {
		Path folder = target.toAbsolutePath().getParent();
		Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp", fileAttributes(OWNER_ONLY_FILE));
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			move(temporary, target);
		}
		catch (IOException | RuntimeException ex) {
			deleteTemporary(temporary, ex);
			throw ex;
		}
		syncFolder(folder);
	}

	/**
	 * Creates the folder and its missing parents, each readable by the owner only. The
	 * parent of each new folder is flushed, so that the new entry survives a crash.
	 * @param folder the folder to create
	 * @throws IOException if the folder cannot be created
	 */
	static void createFolders(Path folder) throws IOException {
		Path absolute = folder.toAbsolutePath();
		if (Files.isDirectory(absolute)) {
			return;
		}
		Path parent = absolute.getParent();
		if (parent != null) {
			createFolders(parent);
		}
		try {
			createFolder(absolute);
		}
		catch (FileAlreadyExistsException ex) {
			// Another process may have created it since the check above.
			if (!Files.isDirectory(absolute)) {
				throw ex;
			}
		}
	}

	/**
	 * Creates one folder, readable by the owner only, whose parent exists, and flushes
	 * the parent.
	 * @param folder the folder to create
	 * @throws FileAlreadyExistsException if a file or folder of that name exists
	 * @throws IOException if the folder cannot be created
	 */
	static void createFolder(Path folder) throws IOException {
		Path absolute = folder.toAbsolutePath();
		Files.createDirectory(absolute, fileAttributes(OWNER_ONLY_FOLDER));
		if (absolute.getParent() != null) {
			syncFolder(absolute.getParent());
		}
	}

	/**
	 * Flushes a folder's entries to disk, so that a rename inside it survives a crash.
	 * File systems that cannot open a folder for this are skipped.
	 * @param folder the folder to flush
	 */
	static void syncFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some platforms (Windows) cannot open folders; the rename is still atomic.
		}
	}

	static boolean isPosix() {
		return POSIX;
	}

	private static void deleteTemporary(Path temporary, Exception failure) {
		try {
			Files.deleteIfExists(temporary);
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

	private static void move(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static FileAttribute<?>[] fileAttributes(Set<PosixFilePermission> permissions) {
		if (!POSIX) {
			return new FileAttribute<?>[0];
		}
		return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) };
	}

}
