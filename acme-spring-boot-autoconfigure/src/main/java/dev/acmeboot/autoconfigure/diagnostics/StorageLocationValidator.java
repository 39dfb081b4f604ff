package dev.acmeboot.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Checks at start-up that the storage folder exists or can be created, and that a file
 * can be written in it, so that a wrong {@code acme.storage-location} stops start-up
 * with a report instead of failing every issuance later.
 *
 * @author ACME Spring Boot contributors
 */
public final class StorageLocationValidator {

	private static final String PROPERTY = "acme.storage-location";

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private StorageLocationValidator() {
	}

	/**
	 * Creates the storage folder and its missing parents, readable by the owner only,
	 * and writes and deletes a probe file in it.
	 * @param location the configured storage folder
	 * @throws AcmeConfigurationException if the folder cannot be created or written
	 */
	public static void validate(Path location) {
		Path folder = location.toAbsolutePath().normalize();
		try {
			Files.createDirectories(folder, ownerOnly("rwx------"));
			Path probe = Files.createTempFile(folder, ".write-check", ".tmp", ownerOnly("rw-------"));
			Files.delete(probe);
		}
		catch (IOException ex) {
			throw failure(location, folder, ex);
		}
	}

	private static AcmeConfigurationException failure(Path location, Path folder, IOException ex) {
		Optional<Path> existing = findClosestExisting(folder);
		if (existing.isPresent() && !Files.isDirectory(existing.get())) {
			Path file = existing.get();
			String problem = file.equals(folder) ? "The storage folder '" + folder + "' is a file, not a folder."
					: "The storage folder '" + folder + "' cannot be created, because '" + file
							+ "' is a file, not a folder.";
			return new AcmeConfigurationException(PROPERTY, location, problem, "Set '" + PROPERTY
					+ "' to a folder path whose parents are all folders, or move the file '" + file + "' away.", ex);
		}
		String problem = "The storage folder '" + folder + "' cannot be created or written by user '"
				+ System.getProperty("user.name") + "': " + describe(ex) + ".";
		return new AcmeConfigurationException(PROPERTY, location, problem, "Set '" + PROPERTY
				+ "' to a folder that this user can create and write, or change the owner or permissions of '"
				+ existing.orElse(folder) + "'. Keep the storage folder private, because it contains the account "
				+ "key and the domain keys.", ex);
	}

	/**
	 * Returns the folder itself if it exists, otherwise its closest parent that exists.
	 */
	private static Optional<Path> findClosestExisting(Path folder) {
		for (Path path = folder; path != null; path = path.getParent()) {
			if (Files.exists(path)) {
				return Optional.of(path);
			}
		}
		return Optional.empty();
	}

	private static String describe(IOException ex) {
		if (ex instanceof AccessDeniedException denied) {
			return "permission denied for '" + denied.getFile() + "'";
		}
		if (ex instanceof FileSystemException failed && failed.getReason() != null) {
			return failed.getReason() + " ('" + failed.getFile() + "')";
		}
		return ex.toString();
	}

	private static FileAttribute<?>[] ownerOnly(String permissions) {
		if (!POSIX) {
			return new FileAttribute<?>[0];
		}
		return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) };
	}

}
