package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Warns about storage folders and key files that users other than the owner can access.
 * Each path is reported at most once per process, so that a check on every load does not
 * repeat the warning. Nothing is changed on disk: the warning names the {@code chmod}
 * command that fixes the permissions.
 *
 * @author ACME Spring Boot contributors
 */
final class PermissionWarnings {

	private static final Log logger = LogFactory.getLog(FileCertificateStore.class);

	private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private static final Set<Path> reported = ConcurrentHashMap.newKeySet();

	private PermissionWarnings() {
	}

	/**
	 * Warns if the folder exists and its group or other users have any permission.
	 * @param folder the folder to check
	 */
	static void checkFolder(Path folder) {
		check(folder, "folder", "700");
	}

	/**
	 * Warns if the private key file exists and its group or other users have any
	 * permission.
	 * @param keyFile the key file to check
	 */
	static void checkKeyFile(Path keyFile) {
		check(keyFile, "private key file", "600");
	}

	private static void check(Path path, String description, String ownerOnlyMode) {
		if (!AtomicFiles.isPosix() || reported.contains(path)) {
			return;
		}
		Set<PosixFilePermission> permissions;
		try {
			permissions = Files.getPosixFilePermissions(path);
		}
		catch (IOException ex) {
			// A missing path has nothing to protect, and a path that cannot be inspected
			// fails with a clearer error when it is read.
			return;
		}
		if (permissions.stream().noneMatch(GROUP_AND_OTHERS::contains) || !reported.add(path)) {
			return;
		}
		logger.warn("The " + description + " '" + path + "' is accessible to other users (permissions "
				+ PosixFilePermissions.toString(permissions) + "). Restrict it to its owner with: chmod "
				+ ownerOnlyMode + " '" + path + "'");
	}

}
