/** One file (or preserved symlink) to store in the archive. */
export interface ZipEntrySource {
  /** Name inside the archive: `/`-separated, relative, no `..`, already prefixed. */
  name: string
  /** `file`: store the bytes of `sourcePath`. `symlink`: store `linkTarget` as a link. */
  kind: 'file' | 'symlink'
  /** Absolute path read for a `file` entry (the link's resolved target when following). */
  sourcePath: string
  /** Permission bits stored: 0o755 or 0o644 for files, 0o777 for links. */
  mode: number
  /** Uncompressed size in bytes as seen when selected. */
  size: number
  /** For `symlink` entries: the link text, relative, staying inside the archive. */
  linkTarget?: string
}

/**
 * Entries as selection and the writer pass them: an array, or a table whose
 * entries are made when asked for (entry-table.ts).
 */
export interface EntryList extends Iterable<ZipEntrySource> {
  readonly length: number
  at(i: number): ZipEntrySource | undefined
}

/** What packaging produced; every later step works from this. */
export interface ArchiveInfo {
  /** Absolute path of the zip (under RUNNER_TEMP when we built it). */
  path: string
  /** Size of the zip in bytes. */
  size: number
  /** SHA-256 of the zip bytes, lower-case hex. */
  sha256: string
  /** Sum of the entries' uncompressed sizes. */
  unzippedSize: number
  /** Number of entries. */
  entryCount: number
  /** Entry names, sorted (used for the layout check), made as they are reached. */
  names: Iterable<string>
  /**
   * The files' fingerprint (package/fingerprint.ts), kept in the archive's
   * comment; absent for a given zip-file.
   */
  filesSha256?: string
}
