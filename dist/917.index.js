export const id = 917;
export const ids = [917];
export const modules = {

/***/ 8917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ENTRY_SOURCE_MAX_BYTES: () => (/* reexport */ ENTRY_SOURCE_MAX_BYTES),
  digestFiles: () => (/* reexport */ fingerprint/* digestFiles */.Eh),
  entrySource: () => (/* reexport */ entrySource),
  inspectArchive: () => (/* reexport */ inspectArchive),
  listFiles: () => (/* reexport */ listFiles),
  listedArchive: () => (/* reexport */ listedArchive),
  prestartWorkers: () => (/* reexport */ prestartWorkers),
  writeZip: () => (/* reexport */ writeZip)
});

// UNUSED EXPORTS: FINGERPRINT_TAIL_BYTES, fingerprintOf, inspectZip, selectFiles

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/package/base-paths.ts
var base_paths = __webpack_require__(9646);
// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __webpack_require__(3581);
;// CONCATENATED MODULE: ./src/package/glob-pattern.ts


/*
 * One line of an @actions/glob pattern list, matched as @actions/glob
 * matches it (its internal Pattern class, POSIX paths), on the same
 * minimatch with the same options: the walk in glob-walk.ts lists what
 * @actions/glob's own search lists, without one `stat` per path.
 * __tests__/package-walk.test.ts holds the two to the same answers.
 */
/** @actions/glob's MatchKind. */
const MATCH_DIRECTORY = 1;
const MATCH_FILE = 2;
const MATCH_ALL = 3;
const OPTIONS = {
    dot: true,
    nobrace: true,
    nocase: false,
    nocomment: true,
    noext: true,
    nonegate: true
};
/** Collapses repeated slashes (@actions/glob's normalizeSeparators). */
function normalize(p) {
    return p.replace(/\/\/+/g, '/');
}
/** Drops one trailing slash, but not the root's. */
function trimTrailing(p) {
    const n = normalize(p);
    return n.endsWith('/') && n !== '/' ? n.slice(0, -1) : n;
}
class GlobPattern {
    isImplicit;
    negate;
    /** The pattern's path segments, the root ('/') first. */
    segments;
    /** A pattern ending in `/` matches directories only. */
    trailingSeparator;
    minimatch;
    /**
     * For `<literal path>/**`, the most common pattern by far: what a path
     * must start with to match, so that matching it is a string comparison
     * rather than minimatch splitting every path of the tree.
     */
    below;
    /** `line`: an absolute pattern, `!` to exclude (already accepted by glob.create). */
    constructor(line, isImplicit = false) {
        this.isImplicit = isImplicit;
        let pattern = line.trim();
        let negate = false;
        while (pattern.startsWith('!')) {
            negate = !negate;
            pattern = pattern.slice(1).trim();
        }
        this.negate = negate;
        pattern = normalize(pattern);
        this.trailingSeparator = pattern.endsWith('/');
        pattern = trimTrailing(pattern);
        this.segments =
            pattern === '/' ? ['/'] : ['/', ...pattern.slice(1).split('/')];
        this.minimatch = new esm/* Minimatch */.VR(pattern, OPTIONS);
        this.below = literalBelow(this.minimatch);
    }
    /**
     * The pattern for everything below what this one matches (the
     * implicitDescendants option), when this one does not already end in `**`.
     */
    descendants() {
        const last = this.segments[this.segments.length - 1];
        if (!this.trailingSeparator && last === '**')
            return undefined;
        const below = `/${[...this.segments.slice(1), '**'].join('/')}`;
        return new GlobPattern(this.negate ? `!${below}` : below, true);
    }
    /** MATCH_DIRECTORY, MATCH_FILE (both: 3) or 0. */
    match(itemPath) {
        let p;
        if (this.segments[this.segments.length - 1] === '**') {
            p = normalize(itemPath);
            // minimatch matches `/foo/**` against `/foo/` but not `/foo`.
            if (!p.endsWith('/') && !this.isImplicit)
                p = `${p}/`;
            // The walk's paths are normalised: no `.` or `..` segment, which `**`
            // would refuse.
            if (this.below !== undefined) {
                if (!p.startsWith(this.below))
                    return 0;
                return this.trailingSeparator ? MATCH_DIRECTORY : MATCH_ALL;
            }
        }
        else {
            p = trimTrailing(itemPath);
        }
        if (!this.minimatch.match(p))
            return 0;
        return this.trailingSeparator ? MATCH_DIRECTORY : MATCH_ALL;
    }
    /** Whether something below `itemPath` may match. */
    partialMatch(itemPath) {
        const p = trimTrailing(itemPath);
        if (external_node_path_.posix.dirname(p) === p)
            return true;
        const parts = this.minimatch.set[0] ?? [];
        return this.minimatch.matchOne(p.split(/\/+/), parts, true);
    }
}
/** `/a/b/` for a pattern minimatch parsed as the literal `/a/b` then `**`. */
function literalBelow(m) {
    const [parts, ...others] = m.set;
    if (!parts || others.length > 0 || parts.at(-1) !== esm/* GLOBSTAR */.ZN)
        return undefined;
    const literal = parts.slice(0, -1);
    if (literal.length < 2 || !literal.every((x) => typeof x === 'string')) {
        return undefined;
    }
    return `${literal.join('/')}/`;
}
// As @actions/glob escapes literal paths (its Pattern.globEscape).
function globEscape(s) {
    return (process.platform === 'win32' ? s : s.replace(/\\/g, '\\\\'))
        .replace(/(\[)(?=[^/]+\])/g, '[[]')
        .replace(/\?/g, '[?]')
        .replace(/\*/g, '[*]');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 9 modules
var glob = __webpack_require__(3860);
;// CONCATENATED MODULE: ./src/package/globber.ts
/**
 * @actions/glob's globber, made with the options the walk follows
 * (glob-walk.ts), and its refusals told in the user's terms.
 */





/** The options runGlob gives @actions/glob (and that walk() follows). */
function globOptions(follow) {
    return {
        followSymbolicLinks: follow,
        implicitDescendants: true,
        matchDirectories: false,
        // A dangling link must fail loudly, not vanish from the layer.
        omitBrokenSymbolicLinks: false,
        excludeHiddenFiles: false
    };
}
/**
 * glob.create, its refusals told in the user's terms: its messages quote the
 * pattern anchored at the base, an absolute path the user never wrote.
 */
async function createGlobber(lines, follow, base) {
    try {
        return await glob/* create */.v(lines.join('\n'), globOptions(follow));
    }
    catch (err) {
        const message = (0,errors/* errorMessage */.gJ)(err);
        const line = await firstRefused(lines, follow);
        const written = line === undefined ? '' : ` "${userPattern(line, base)}"`;
        const rule = /Relative pathing/.test(message)
            ? 'names a "." or ".." folder (escaped or not), which patterns may not'
            : /too long/.test(message)
                ? "is too long (the matcher takes at most 65,536 characters, base-directory's path included)"
                : `is not a pattern @actions/glob accepts (${hideBase(message, base)})`;
        throw new errors/* InputError */.dz('path', `pattern${written} ${rule}`, { cause: err });
    }
}
/** The message without the base's absolute path, as written or escaped. */
function hideBase(message, base) {
    const named = (text, s) => text.split(s).join('<base-directory>');
    return named(named(message, globEscape(base)), base);
}
/** The line glob.create refuses on its own (only on the failure path). */
async function firstRefused(lines, follow) {
    for (const line of lines) {
        try {
            await glob/* create */.v(line, globOptions(follow));
        }
        catch {
            return line;
        }
    }
    return undefined;
}
/** An anchored line as the user wrote it: relative to the base. */
function userPattern(line, base) {
    const bangs = /^!*/.exec(line)?.[0] ?? '';
    const anchored = line.slice(bangs.length);
    const escapedBase = globEscape(base);
    const rel = anchored.startsWith(escapedBase)
        ? anchored.slice(escapedBase.length).replace(/^\//, '')
        : anchored;
    const shown = bangs + (rel === '' ? '.' : rel);
    return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
function listingError(err, base) {
    const m = /No information found for the path '(.*)'/.exec((0,errors/* errorMessage */.gJ)(err));
    if (m?.[1]) {
        const name = (0,base_paths/* toName */.$C)(base, m[1]);
        let target = '?';
        try {
            target = (0,external_node_fs_.readlinkSync)(m[1]);
        }
        catch {
            // Reported as '?'.
        }
        return new errors/* InputError */.dz('symlinks', `link ${name} -> ${target} is dangling (its target does not exist)`, { cause: err });
    }
    return new errors/* PackagingError */.yr(`could not list the files to package: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
}

;// CONCATENATED MODULE: ./src/package/glob-walk.ts






/**
 * The files @actions/glob would list for `lines` (absolute patterns), found
 * by a faster walk with its matching (glob-pattern.ts). On Windows, whose
 * path rules the walk does not repeat, @actions/glob's own search.
 * Exported for the test that holds the two to the same answers.
 * `seen`, when given, receives each file as it is found instead (with
 * whether its directory entry says it is a regular file) and what the walk
 * learnt of directories, so that selection need not keep every path nor ask
 * the system again.
 */
async function runGlob(lines, follow, base, seen) {
    // Parses and checks the patterns as the reference does, errors included.
    const globber = await createGlobber(lines, follow, base);
    try {
        if (external_node_path_.sep !== '/') {
            const found = await globber.glob();
            if (!seen)
                return found;
            for (const p of found)
                seen.file(p, false);
            return [];
        }
        const searchPaths = globber.getSearchPaths();
        return walk(parseLines(lines), searchPaths, follow, base, seen);
    }
    catch (err) {
        // Selection's own refusals, made as files are seen, pass as they are.
        if (err instanceof errors/* InputError */.dz || err instanceof errors/* PackagingError */.yr)
            throw err;
        throw listingError(err, base);
    }
}
/** The globber's own reading of the lines: trimmed, no blanks or comments. */
function parseLines(lines) {
    const patterns = [];
    for (const line of lines.join('\n').split('\n')) {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            continue;
        const p = new GlobPattern(trimmed);
        patterns.push(p);
        const below = p.descendants();
        if (below)
            patterns.push(below);
    }
    return patterns;
}
/**
 * @actions/glob's search (its globGenerator, with the options runGlob
 * passes), done with synchronous readdir and the directory entries' types,
 * so that a file needs no stat of its own here: a tree of 20,000 files is
 * listed in a tenth of the time, with the same result.
 */
function walk(patterns, searchPaths, follow, base, seen) {
    const includes = patterns.filter((p) => !p.negate);
    const matchKind = (itemPath) => {
        let result = 0;
        for (const p of patterns) {
            if (p.negate)
                result &= ~p.match(itemPath);
            else
                result |= p.match(itemPath);
        }
        return result;
    };
    const stack = [];
    for (const searchPath of searchPaths) {
        if (exists(searchPath))
            stack.unshift({ path: searchPath, level: 1 });
    }
    const found = [];
    const chain = [];
    for (let item = stack.pop(); item; item = stack.pop()) {
        const match = matchKind(item.path);
        const at = item.path;
        if (match === 0 && !includes.some((p) => p.partialMatch(at)))
            continue;
        if (item.rawName && (item.dir !== false || match & MATCH_FILE)) {
            throw notUtf8(item.path, item.rawName, base);
        }
        if (item.dir ?? isDirectory(item.path, follow)) {
            // A link back up the tree would recurse for ever.
            if (follow && isCycle(item, chain))
                continue;
            if (item.dir)
                seen?.directories.add(item.path);
            pushChildren(item, stack);
        }
        else if (match & MATCH_FILE) {
            if (seen)
                seen.file(item.path, item.dir === false);
            else
                found.push(item.path);
        }
    }
    return found;
}
function exists(searchPath) {
    try {
        (0,external_node_fs_.lstatSync)(searchPath);
        return true;
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return false;
        throw err;
    }
}
function isDirectory(itemPath, follow) {
    let st;
    try {
        st = follow ? (0,external_node_fs_.statSync)(itemPath) : (0,external_node_fs_.lstatSync)(itemPath);
    }
    catch (err) {
        if (err.code === 'ENOENT') {
            throw new Error(`No information found for the path '${itemPath}'. This may indicate a broken symbolic link.`);
        }
        throw err;
    }
    return st.isDirectory();
}
/**
 * Whether a directory's real path is already on the way down to it. A
 * folder its parent's listing calls a folder (not a link) is its parent's
 * real path and its name: a system call per link, not per folder.
 */
function isCycle(item, chain) {
    chain.length = Math.min(chain.length, item.level - 1);
    const parent = chain.length === item.level - 1 ? chain[item.level - 2] : undefined;
    const real = item.dir === true && parent !== undefined
        ? (0,base_paths/* childPath */.cm)(parent, item.path.slice(item.path.lastIndexOf('/') + 1))
        : external_node_fs_.realpathSync.native(item.path);
    if (chain.includes(real))
        return true;
    chain.push(real);
    return false;
}
/**
 * The directory's children, pushed in reverse so they pop in archive order:
 * by name, a folder's with a '/' after it, as its files' names continue, so
 * that `a.txt` comes before `a/`. The walk then finds the files in the order
 * the archive stores them, and the entry table finds itself sorted in one
 * pass instead of sorting 20,000 names by their bytes (entry-table.ts). An
 * order this misses (a link to a folder, names beyond U+FFFF, overlapping
 * search paths) costs only that sort.
 */
function pushChildren(item, stack) {
    const children = (0,external_node_fs_.readdirSync)(item.path, { withFileTypes: true });
    children.sort(archiveOrder);
    let raw;
    for (let i = children.length - 1; i >= 0; i--) {
        const d = children[i];
        const known = d.isDirectory() ? true : d.isFile() ? false : undefined;
        // Bytes that are not UTF-8 decode to U+FFFD; only then is the folder
        // read again as bytes, so a tree of valid names costs nothing more.
        if (d.name.includes('\uFFFD'))
            raw ??= (0,base_paths/* notUtf8Names */.zk)(item.path);
        const rawName = raw?.get(d.name);
        // The walk's paths are normalised and a name holds no '/' (childPath).
        // Properties set one by one: a spread is an object more per entry.
        const child = {
            path: (0,base_paths/* childPath */.cm)(item.path, d.name),
            level: item.level + 1
        };
        if (known !== undefined)
            child.dir = known;
        if (rawName)
            child.rawName = rawName;
        stack.push(child);
    }
}
function archiveOrder(a, b) {
    const x = a.isDirectory() ? `${a.name}/` : a.name;
    const y = b.isDirectory() ? `${b.name}/` : b.name;
    return x < y ? -1 : x > y ? 1 : 0;
}
function notUtf8(itemPath, rawName, base) {
    const dir = (0,base_paths/* toName */.$C)(base, external_node_path_.dirname(itemPath));
    const shown = `${dir === '' ? '' : `${dir}/`}${(0,base_paths/* escapeBytes */.xO)(rawName)}`;
    return new errors/* InputError */.dz('path', `file name ${shown} is not valid UTF-8: zip entry names are UTF-8, and Lambda and SCF extract them as UTF-8, so rename it or leave it out with a "!" pattern`);
}

// EXTERNAL MODULE: ./src/package/entry-table.ts + 4 modules
var entry_table = __webpack_require__(4614);
// EXTERNAL MODULE: ./src/package/select-entries.ts
var select_entries = __webpack_require__(9167);
;// CONCATENATED MODULE: ./src/package/select.ts







/**
 * The files the patterns select, as archive entries sorted by name (byte
 * order). Nothing outside `baseDirectory` is ever read: every file's real
 * path is checked against the base's real path first.
 *
 * Links, `preserve`: stored as links (`0o777`, the link text as data). The
 * text stored is relative: an absolute target inside the base, or a relative
 * one that only reaches its target by leaving the base, is rewritten as the
 * relative path from the link to the real target, so the link still works
 * wherever the layer is extracted. `follow`: the target's content and mode.
 * Either way a link whose target resolves outside the base, or does not
 * exist, is an error naming the link.
 */
async function selectFiles(opts) {
    const plain = [];
    for (const e of await listFiles(opts)) {
        const { name, kind, sourcePath, mode, size, linkTarget } = e;
        plain.push({
            name,
            kind,
            sourcePath,
            mode,
            size,
            ...(linkTarget !== undefined && { linkTarget })
        });
    }
    return plain;
}
/**
 * selectFiles, as a table (entry-table.ts) whose regular files' sizes and
 * modes are read when first asked for: the packager then reads them in
 * archive order, overlapped with compressing.
 */
async function listFiles(opts) {
    const base = external_node_path_.resolve(opts.baseDirectory);
    let realBase;
    try {
        realBase = (0,select_entries/* realpath */.Kz)(base);
    }
    catch (err) {
        throw new errors/* InputError */.dz('base-directory', `cannot be read: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
    }
    const follow = opts.symlinks === 'follow';
    const lines = toGlobLines(opts.patterns, base);
    const directories = new Set();
    const ctx = {
        base,
        realBase,
        prefix: opts.prefix,
        dirs: new Map(),
        folders: new Map(),
        plainDirs: directories
    };
    // Each file becomes a row of the table as the walk finds it: no list of
    // every path (70,000 strings and their sets) is held to the end of the
    // walk. Synchronous: a sync lstat costs a fraction of a promise round trip.
    const table = new entry_table/* EntryTable */.F(opts.spillDir);
    const file = (p, regular) => {
        if (regular)
            (0,select_entries/* addListedFile */.z8)(ctx, p, follow, table);
        else
            table.add(follow ? (0,select_entries/* followEntry */.gb)(ctx, p) : (0,select_entries/* preserveEntry */.Rp)(ctx, p));
    };
    if (lines.some((l) => !l.startsWith('!'))) {
        await runGlob(lines, follow, base, { file, directories });
    }
    // One entry per name: search paths may overlap (as a Set of paths did).
    table.finish('drop');
    if (table.length === 0) {
        throw new errors/* InputError */.dz('path', `no file matched the patterns: ${opts.patterns.join(', ')} (relative to ${base})`);
    }
    return table;
}
/**
 * Anchors each pattern at the base; refuses an include that leaves it.
 * Exported for the test that holds the walk to @actions/glob's answers.
 */
function toGlobLines(patterns, base) {
    const escapedBase = globEscape(base);
    const lines = [];
    for (const raw of patterns) {
        let pattern = raw.trim();
        if (pattern === '' || pattern.startsWith('#'))
            continue;
        let bangs = '';
        while (pattern.startsWith('!')) {
            bangs += '!';
            pattern = pattern.slice(1).trim();
        }
        if (pattern === '')
            continue;
        const include = bangs.length % 2 === 0;
        if (external_node_path_.isAbsolute(pattern)) {
            if (include && !(0,base_paths/* isInside */.FK)(base, pattern, true)) {
                throw new errors/* InputError */.dz('path', `pattern "${raw.trim()}" is outside base-directory (${base})`);
            }
            lines.push(bangs + tidyPattern(pattern, raw));
            continue;
        }
        if (include && !(0,base_paths/* isInside */.FK)(base, external_node_path_.resolve(base, pattern), true)) {
            throw new errors/* InputError */.dz('path', `pattern "${raw.trim()}" points outside base-directory (${base})`);
        }
        const rel = tidyPattern(pattern, raw);
        // `./` and `.` name the base itself: everything below it.
        lines.push(`${bangs}${escapedBase}${rel === '' ? '' : `/${rel}`}`);
    }
    return lines;
}
/**
 * `./python/**`, `python//sub/`: @actions/glob reads a leading `./` from its
 * working directory and repeated slashes as one, but anchored at the base its
 * check refuses any `.` folder, with the base's absolute path in the message.
 * So the `.` folders (the folder itself, wherever they are) and the extra
 * slashes go here; a trailing slash (directories only) stays. `..` is refused
 * in the user's terms, as @actions/glob refuses it.
 */
function tidyPattern(pattern, raw) {
    const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..')) {
        throw new errors/* InputError */.dz('path', `pattern "${raw.trim()}" goes up a folder with "..": patterns are matched below base-directory, so write the path from there without ".."`);
    }
    const joined = segments.join('/');
    const root = pattern.startsWith('/') ? '/' : '';
    if (joined === '')
        return root;
    return `${root}${joined}${pattern.endsWith('/') ? '/' : ''}`;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/package/archive-output.ts



const FLUSH_BYTES = 1024 * 1024;
const READ_BACK_BYTES = 1024 * 1024;
/**
 * The archive file: appends copied into one write buffer (so the caller may
 * reuse its buffers at once), a running SHA-256 fed a buffer at a time, in-place patches.
 */
class ArchiveOutput {
    path;
    fh;
    pos = 0;
    buf = Buffer.allocUnsafeSlow(FLUSH_BYTES);
    used = 0;
    flushed = 0;
    hash = (0,external_node_crypto_.createHash)('sha256');
    hashing = true;
    scratch;
    constructor(path, fh) {
        this.path = path;
        this.fh = fh;
    }
    static async create(path) {
        try {
            return new ArchiveOutput(path, await (0,promises_.open)(path, 'w+', 0o644));
        }
        catch (err) {
            throw new errors/* PackagingError */.yr(`cannot create ${path}: ${(0,errors/* errorMessage */.gJ)(err)}`, {
                cause: err
            });
        }
    }
    /**
     * Appends `data` if it fits in the write buffer as it is (no I/O, no
     * promise: most entries of a tree of small files); false if not.
     */
    tryAppend(data) {
        const n = data.length;
        if (n >= this.buf.length / 2 || this.used + n > this.buf.length) {
            return false;
        }
        data.copy(this.buf, this.used);
        this.used += n;
        this.pos += n;
        return true;
    }
    /** `data` may be reused by the caller as soon as this resolves. */
    async append(data) {
        if (data.length === 0 || this.tryAppend(data))
            return;
        await this.flush();
        if (this.tryAppend(data))
            return;
        // Large: written as it is, not copied.
        if (this.hashing)
            this.hash.update(data);
        this.pos += data.length;
        await this.writeAt(data, this.flushed);
        this.flushed += data.length;
    }
    async flush() {
        if (this.used === 0)
            return;
        const data = this.buf.subarray(0, this.used);
        if (this.hashing)
            this.hash.update(data);
        await this.writeAt(data, this.flushed);
        this.flushed += this.used;
        this.used = 0;
    }
    async writeAt(data, at) {
        for (let done = 0; done < data.length;) {
            const { bytesWritten } = await this.fh.write(data, done, data.length - done, at + done);
            done += bytesWritten;
        }
    }
    /** Bytes from here on are hashed later by `resumeHash`. */
    async pauseHash() {
        await this.flush();
        this.hashing = false;
    }
    /** Hashes what was written since `from` by reading it back, then hashes on. */
    async resumeHash(from) {
        await this.flush();
        // One buffer for every read-back: a megabyte per large entry is churn.
        const scratch = (this.scratch ??= Buffer.allocUnsafeSlow(READ_BACK_BYTES));
        for (let at = from; at < this.pos;) {
            const want = Math.min(scratch.length, this.pos - at);
            const { bytesRead } = await this.fh.read(scratch, 0, want, at);
            if (bytesRead === 0)
                throw new Error(`short read at ${at}`);
            this.hash.update(scratch.subarray(0, bytesRead));
            at += bytesRead;
        }
        this.hashing = true;
    }
    async rewind(to) {
        await this.flush();
        await this.fh.truncate(to);
        this.pos = to;
        this.flushed = to;
    }
    async patch(at, data) {
        await this.flush();
        await this.writeAt(data, at);
    }
    async finish() {
        await this.flush();
        await this.fh.close();
        return { size: this.pos, sha256: this.hash.digest('hex') };
    }
    /** Closes and deletes the partial archive. */
    async abort() {
        await this.fh.close().catch(() => undefined);
        await (0,promises_.rm)(this.path, { force: true }).catch(() => undefined);
    }
}

// EXTERNAL MODULE: ./src/util/fd-io.ts
var fd_io = __webpack_require__(7313);
;// CONCATENATED MODULE: ./src/package/zip-records.ts
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
/** "Made by" UNIX, spec version 3.0: the external attributes hold st_mode. */
const MADE_BY_UNIX = (3 << 8) | 30;
// 1980-01-01 00:00:00, the earliest MS-DOS date: mtimes never reach the zip.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const FLAG_UTF8 = 1 << 11;
const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
// One scratch buffer for every local header: the caller copies it out.
const HEADER = Buffer.alloc(30 + MAX16 + 20);
function entryRecord(e, method, crc, size, offset) {
    // Kept as a string: a buffer per entry, alive to the end, would scatter
    // small long-lived allocations among the per-file ones (heap growth).
    const nameLength = Buffer.byteLength(e.name, 'utf8');
    const nonAscii = nameLength !== e.name.length;
    const type = e.kind === 'symlink' ? S_IFLNK : S_IFREG;
    return {
        name: e.name,
        nameLength,
        flags: nonAscii ? FLAG_UTF8 : 0,
        method,
        crc,
        compressedSize: 0,
        size,
        offset,
        // Unsigned: a link's S_IFLNK bits reach bit 31.
        attrs: ((type | (e.mode & 0o7777)) * 0x10000) >>> 0
    };
}
/**
 * Local header; a ZIP64 extra only for an entry of 4 GiB or more. The
 * result is a view of a shared scratch buffer, valid until the next call.
 */
function localHeader(w) {
    const zip64 = w.size >= MAX32;
    const extraLength = zip64 ? 20 : 0;
    const b = HEADER.fill(0, 0, 30 + w.nameLength + extraLength);
    b.writeUInt32LE(LOCAL_SIG, 0);
    writeCommonFields(b, 4, w, {
        version: versionNeeded(w, zip64),
        compressedSize: zip64 ? MAX32 : w.compressedSize,
        size: zip64 ? MAX32 : w.size,
        extraLength
    });
    b.write(w.name, 30, 'utf8');
    if (zip64) {
        const x = 30 + w.nameLength;
        b.writeUInt16LE(0x0001, x);
        b.writeUInt16LE(16, x + 2);
        b.writeBigUInt64LE(BigInt(w.size), x + 4);
        b.writeBigUInt64LE(BigInt(w.compressedSize), x + 12);
    }
    return b.subarray(0, 30 + w.nameLength + extraLength);
}
/** The record's values too large for their 32-bit fields, in ZIP64 order. */
function zip64Values(w) {
    return [w.size, w.compressedSize, w.offset].filter((v) => v >= MAX32);
}
function isZip64(w) {
    return w.size >= MAX32 || w.compressedSize >= MAX32 || w.offset >= MAX32;
}
/** The length of the entry's central directory record. */
function centralHeaderLength(w) {
    const extraLength = isZip64(w) ? 4 + 8 * zip64Values(w).length : 0;
    return 46 + w.nameLength + extraLength;
}
/**
 * Writes the entry's central directory record into `b` at `at` (zeroed
 * bytes); ZIP64 fields only where needed. Returns where it ends.
 */
function writeCentralHeader(b, at, w) {
    const big = isZip64(w) ? zip64Values(w) : [];
    const extraLength = big.length > 0 ? 4 + 8 * big.length : 0;
    b.writeUInt32LE(CENTRAL_SIG, at);
    b.writeUInt16LE(MADE_BY_UNIX, at + 4);
    writeCommonFields(b, at + 6, w, {
        version: versionNeeded(w, extraLength > 0),
        compressedSize: w.compressedSize >= MAX32 ? MAX32 : w.compressedSize,
        size: w.size >= MAX32 ? MAX32 : w.size,
        extraLength
    });
    // comment length, disk number, internal attributes: 0
    b.writeUInt32LE(w.attrs, at + 38);
    b.writeUInt32LE(w.offset >= MAX32 ? MAX32 : w.offset, at + 42);
    b.write(w.name, at + 46, 'utf8');
    let x = at + 46 + w.nameLength;
    if (extraLength > 0) {
        b.writeUInt16LE(0x0001, x);
        b.writeUInt16LE(extraLength - 4, x + 2);
        x += 4;
        for (const value of big) {
            b.writeBigUInt64LE(BigInt(value), x);
            x += 8;
        }
    }
    return x;
}
/**
 * The 26 bytes both headers share, "version needed" to "extra field length"
 * (local header offset 4, central record offset 6).
 */
function writeCommonFields(b, at, w, f) {
    b.writeUInt16LE(f.version, at);
    b.writeUInt16LE(w.flags, at + 2);
    b.writeUInt16LE(w.method, at + 4);
    b.writeUInt16LE(DOS_TIME, at + 6);
    b.writeUInt16LE(DOS_DATE, at + 8);
    b.writeUInt32LE(w.crc, at + 10);
    b.writeUInt32LE(f.compressedSize, at + 14);
    b.writeUInt32LE(f.size, at + 18);
    b.writeUInt16LE(w.nameLength, at + 22);
    b.writeUInt16LE(f.extraLength, at + 24);
}
function versionNeeded(w, zip64) {
    if (zip64)
        return 45;
    return w.method === 8 ? 20 : 10;
}

;// CONCATENATED MODULE: ./src/package/central-directory.ts



const EOCD_SIG = 0x06054b50;
const EOCD64_SIG = 0x06064b50;
const LOCATOR_SIG = 0x07064b50;
const BLOCK_BYTES = 256 * 1024;
/**
 * The central directory as it grows: each entry's record is written as
 * bytes once the entry is, into a block of 256 KiB; a full block goes to a
 * file beside the archive (`spillPath`). So the directory, ~100 bytes an
 * entry, costs the process one block whatever the number of entries, and
 * the heap no object per entry.
 */
class CentralRecords {
    spillPath;
    count = 0;
    size = 0;
    /** The entries' uncompressed bytes. */
    unzipped = 0;
    block = Buffer.alloc(BLOCK_BYTES);
    used = 0;
    spill;
    spilled = 0;
    constructor(spillPath) {
        this.spillPath = spillPath;
    }
    add(w) {
        const n = centralHeaderLength(w);
        if (this.used + n > this.block.length) {
            this.spillBlock();
            // Zeroed (the records' unused fields are zero) and kept: a new block
            // per spill left dead 256 KiB blocks to the next full collection,
            // ~5 MiB by the end of 70,000 files.
            if (n > this.block.length)
                this.block = Buffer.alloc(n);
            else
                this.block.fill(0);
        }
        this.used = writeCentralHeader(this.block, this.used, w);
        this.count++;
        this.size += n;
        this.unzipped += w.size;
    }
    spillBlock() {
        this.spill ??= (0,external_node_fs_.openSync)(this.spillPath, 'w+', 0o600);
        (0,fd_io/* writeFully */.K)(this.spill, this.block.subarray(0, this.used), this.spilled);
        this.spilled += this.used;
        this.used = 0;
    }
    /** The records in the order added, a block at a time. */
    *parts() {
        if (this.spill !== undefined) {
            const buf = Buffer.alloc(BLOCK_BYTES);
            for (let at = 0; at < this.spilled;) {
                const n = (0,external_node_fs_.readSync)(this.spill, buf, 0, BLOCK_BYTES, at);
                if (n === 0)
                    throw new Error(`short read of ${this.spillPath}`);
                yield buf.subarray(0, n);
                at += n;
            }
        }
        yield this.block.subarray(0, this.used);
    }
    /** Removes the spill file (done or failed). */
    discard() {
        if (this.spill === undefined)
            return;
        (0,external_node_fs_.closeSync)(this.spill);
        this.spill = undefined;
        (0,external_node_fs_.rmSync)(this.spillPath, { force: true });
    }
}
/**
 * What follows the central records (CentralRecords.parts) at the end of
 * the archive: the ZIP64 end records when a count, size or offset does not
 * fit the classic ones, and the end record carrying `comment` (latin1).
 */
function centralDirectoryEnd(records, cdOffset, comment) {
    const cdSize = records.size;
    const parts = [];
    const count = records.count;
    if (count > MAX16 || cdSize >= MAX32 || cdOffset >= MAX32) {
        parts.push(zip64End(count, cdSize, cdOffset));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD_SIG, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    end.writeUInt32LE(Math.min(cdOffset, MAX32), 16);
    const text = Buffer.from(comment, 'latin1');
    end.writeUInt16LE(text.length, 20);
    parts.push(end, text);
    return parts;
}
/** The ZIP64 end of central directory record and its locator. */
function zip64End(count, cdSize, cdOffset) {
    const rec = Buffer.alloc(56 + 20);
    rec.writeUInt32LE(EOCD64_SIG, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(MADE_BY_UNIX, 12);
    rec.writeUInt16LE(45, 14);
    // this disk, disk with the central directory: 0
    rec.writeBigUInt64LE(BigInt(count), 24);
    rec.writeBigUInt64LE(BigInt(count), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    rec.writeUInt32LE(LOCATOR_SIG, 56);
    rec.writeUInt32LE(0, 60);
    rec.writeBigUInt64LE(BigInt(cdOffset + cdSize), 64);
    rec.writeUInt32LE(1, 72);
    return rec;
}

;// CONCATENATED MODULE: ./src/package/deflate-format.ts
/*
 * Format constants: the same file gives the same bytes whatever the memory
 * budget or concurrency, because every file is compressed in the same pieces.
 *
 * - A file of up to PROBE_BYTES is deflated whole by one of LANES reusable
 *   deflate streams, the n-th such file of the archive by lane n mod LANES
 *   (a reset stream is not quite a fresh one: its window still holds the
 *   previous file, which can change a byte at the end of the next, so which
 *   lane compresses a file must not depend on timing).
 * - A larger file is a 64 KiB probe, then 1 MiB chunks, each primed with the
 *   32 KiB before it, as pigz does; each piece is a one-shot deflate. If the
 *   probe does not shrink by 2 %, the whole file is stored (worker-batch.ts:
 *   not worth an inflate on every cold start).
 *
 * Both are deflated by worker threads (deflate-workers.ts, worker-batch.ts),
 * each lane's stream owned by one worker.
 */
const PROBE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const DICT_BYTES = 32 * 1024;
const LANES = 4;

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/package/worker-batch.ts
var worker_batch = __webpack_require__(7609);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/package/worker-pool.ts



/*
 * The worker: the batch functions as source text (worker-batch.ts). What it
 * works on (the ring's shared memory, its lanes, the level) comes with its
 * first message, so that it can be started before that is known.
 */
const WORKER_SOURCE = `
// Transpilers that keep function names (esbuild's keepNames: tsx, vitest)
// wrap inner functions in a helper the worker's scope lacks.
const __name = (f) => f
const { parentPort } = require('node:worker_threads')
const runBatch = (${worker_batch/* runBatch */.a7.toString()})
const run = {
  readItem: (${worker_batch/* readItem */.k0.toString()}),
  deflateInto: (${worker_batch/* deflateInto */.CJ.toString()}),
  runItem: (${worker_batch/* runItem */.nb.toString()})
}
let env
// Each mailbox's array, made the first time it comes (deflate-workers.ts).
const boxes = []
parentPort.on('message', ({ init, box, memory, paths }) => {
  if (init) {
    const zlib = require('node:zlib')
    const lanes = []
    for (const l of init.lanes) lanes[l] = zlib.createDeflateRaw({ level: init.level })
    const mem = Buffer.from(init.memory)
    env = { fs: require('node:fs'), zlib, level: init.level, mem, lanes, verdicts: new Map(), run }
    boxes.length = 0
    return
  }
  if (memory) boxes[box] = new Float64Array(memory)
  const errors = []
  runBatch(env, paths, boxes[box], errors)
  // The answer is in the mailbox: a number is the cheapest message.
  parentPort.postMessage(errors.length > 0 ? { box, errors } : box)
})
`;
/** A deflate worker, waiting for its `init` message (deflate-workers.ts). */
function newWorker() {
    return new external_node_worker_threads_.Worker(WORKER_SOURCE, {
        eval: true,
        // Its heap holds a batch at a time: keep the isolate small.
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 }
    });
}
/** Workers started ahead of need, not keeping the process alive until taken. */
const warm = [];
/**
 * Starts workers now, for a writer to take later: selection runs on the
 * main thread alone, so the other cores can start them meanwhile instead of
 * the writer waiting for them. One per idle core: a worker more would take
 * turns with selection itself (2 cores, 20,000 files: selection 0.36-0.39 s
 * and packaging 2.46-2.52 s with one, 0.42-0.47 s and 2.51-2.62 s with two).
 * Unused, they end with the process.
 */
function prestartWorkers(count = Math.max(1, (0,external_node_os_.availableParallelism)() - 1)) {
    while (warm.length < count) {
        const w = newWorker();
        // Until taken, a failure only means it is not used (takeWarm).
        w.on('error', () => undefined);
        w.unref();
        warm.push(w);
    }
}
function takeWarm() {
    for (let w = warm.pop(); w; w = warm.pop()) {
        if (w.threadId !== -1)
            return w;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/package/deflate-workers.ts





// A batch of small files is sent when it holds this many bytes or files
// (BATCH_FILES): enough to make a message's cost small beside the work,
// small enough that the writer, which waits for the first file, is not kept
// waiting long.
const BATCH_BYTES = 256 * 1024;
const NO_ERRORS = [];
// A sent batch lets go of its paths: a free mailbox holds nothing of it.
const NO_PATHS = [];
/**
 * Worker threads that read and deflate into the ring's shared memory. Each
 * small-file lane is owned by one worker (lane mod workers), so that every
 * lane's files are deflated in order by the same stream whatever the number
 * of workers: the bytes do not depend on it. Ranges of large files go to
 * any worker. With no lane-owning workers, small files run on the calling
 * thread as their batch is sent, and workers start at the first range.
 *
 * A batch travels in a mailbox (worker-batch.ts OUT_AT): shared memory
 * taken from a pool when the batch opens and given back when its answer
 * is read, so that the pool holds as many as are ever in flight at once
 * and nothing is allocated per batch but its list of paths.
 */
class DeflateWorkers {
    memory;
    level;
    count;
    onOutcome;
    onFailure;
    workers = [];
    /** Bytes sent to each worker and not yet answered. */
    queued = [];
    /** Per lane owner, the batch being filled. */
    open;
    boxes = [];
    freeBoxes = [];
    /** The main thread's own lanes, when no worker owns them. */
    inline;
    constructor(memory, level, count, laneOwners, onOutcome, onFailure) {
        this.memory = memory;
        this.level = level;
        this.count = count;
        this.onOutcome = onOutcome;
        this.onFailure = onFailure;
        const owners = Math.min(Math.max(0, laneOwners), LANES, count);
        for (let w = 0; w < owners; w++) {
            const lanes = [];
            for (let l = w; l < LANES; l += owners)
                lanes.push(l);
            this.start(lanes);
        }
        if (owners === 0) {
            const lanes = Array.from({ length: LANES }, () => external_node_zlib_.createDeflateRaw({ level }));
            const verdicts = new Map();
            const run = worker_batch/* BATCH_FUNCTIONS */.Xn;
            this.inline = { fs: external_node_fs_, zlib: external_node_zlib_, level, mem: memory, lanes, verdicts, run };
        }
        this.open = Array.from({ length: Math.max(1, owners) }, () => undefined);
    }
    start(lanes) {
        const worker = takeWarm() ?? newWorker();
        worker.ref();
        worker.removeAllListeners();
        worker.on('message', (a) => this.answered(a));
        worker.on('error', this.onFailure);
        // Heard only while in use: close() drops it before terminating.
        worker.on('exit', (code) => {
            this.onFailure(new Error(`a deflate worker stopped (exit code ${code})`));
        });
        const { level, memory } = this;
        worker.postMessage({ init: { memory: memory.buffer, lanes, level } });
        this.workers.push(worker);
        this.queued.push(0);
        return worker;
    }
    /** A free mailbox, or a new one when none is free. */
    openBatch() {
        let box = this.freeBoxes.pop();
        if (box === undefined) {
            const mem = new Float64Array(new SharedArrayBuffer(worker_batch/* BOX_DOUBLES */.JL * 8));
            const id = this.boxes.length;
            box = { id, mem, known: 0, paths: [], bytes: 0, worker: -1, items: 0 };
            this.boxes.push(box);
        }
        box.paths = [];
        box.bytes = 0;
        return box;
    }
    /** Queues a small file (lane ≥ 0) in its lane owner's batch. */
    add(item) {
        const owner = item.lane % this.open.length;
        const batch = (this.open[owner] ??= this.openBatch());
        this.push(batch, item);
        if (batch.bytes >= BATCH_BYTES || batch.paths.length >= worker_batch/* BATCH_FILES */.VB) {
            this.send(owner, batch);
        }
    }
    /**
     * Sends a range of a large file at once: to `worker` if given (a range
     * that follows its probe's verdict must meet it there), else to the
     * worker with the least work queued. Returns the worker's index.
     */
    range(item, worker) {
        while (this.workers.length < this.count)
            this.start([]);
        let w = worker ?? 0;
        if (worker === undefined) {
            for (let i = 1; i < this.queued.length; i++) {
                if (this.queued[i] < this.queued[w])
                    w = i;
            }
        }
        const batch = this.openBatch();
        this.push(batch, item);
        this.post(w, batch);
        return w;
    }
    /** Sends every queued file: before the reader waits, and at the end. */
    flush() {
        for (let owner = 0; owner < this.open.length; owner++) {
            const batch = this.open[owner];
            if (batch)
                this.send(owner, batch);
        }
    }
    push(batch, i) {
        const box = batch.mem;
        const m = batch.paths.length * worker_batch/* META_FIELDS */.Su;
        box[m] = i.unit;
        box[m + 1] = i.lane;
        box[m + 2] = i.at;
        box[m + 3] = i.size;
        box[m + 4] = i.from;
        box[m + 5] = i.dict;
        box[m + 6] = i.flags;
        box[m + 7] = i.piece;
        batch.paths.push(i.path);
        batch.bytes += i.size;
    }
    send(owner, batch) {
        this.open[owner] = undefined;
        if (!this.inline) {
            this.post(owner, batch);
            return;
        }
        const errors = [];
        (0,worker_batch/* runBatch */.a7)(this.inline, this.seal(batch), batch.mem, errors);
        this.report(batch, errors);
    }
    /** The batch's paths, which its mailbox lets go of once sent. */
    seal(batch) {
        const { paths } = batch;
        batch.items = paths.length;
        batch.paths = NO_PATHS;
        return paths;
    }
    post(worker, batch) {
        const { id, bytes, known } = batch;
        const paths = this.seal(batch);
        batch.worker = worker;
        this.queued[worker] = this.queued[worker] + bytes;
        // A mailbox's memory goes to each worker once; after, its number.
        const bit = 1 << worker;
        batch.known = known | bit;
        const memory = known & bit ? undefined : batch.mem.buffer;
        this.workers[worker]?.postMessage({ box: id, paths, memory });
    }
    answered(a) {
        const box = this.boxes[typeof a === 'number' ? a : a.box];
        this.queued[box.worker] = this.queued[box.worker] - box.bytes;
        this.report(box, typeof a === 'number' ? NO_ERRORS : a.errors);
    }
    /** Each item's outcome, from its mailbox; then the mailbox is free. */
    report(box, errors) {
        const b = box.mem;
        const { items } = box;
        let e = 0;
        for (let k = 0; k < items; k++) {
            const m = k * worker_batch/* META_FIELDS */.Su;
            const o = worker_batch/* OUT_AT */.x0 + k * worker_batch/* OUT_FIELDS */.b5;
            const error = errors[e]?.k === k ? errors[e++] : undefined;
            this.onOutcome({
                unit: b[m],
                piece: b[m + 7],
                status: b[o + 3],
                method: b[o] === 8 ? 8 : 0,
                crc: b[o + 1],
                length: b[o + 2],
                ...(error && { error })
            });
        }
        this.freeBoxes.push(box);
    }
    /**
     * Stops the workers without waiting for their threads to wind down (a
     * tenth of a second here, after the archive is done): they no longer
     * keep the process alive, and nothing is sent to them any more. Node
     * keeps a worker until its thread exits; through its listeners it kept
     * this pool and the ring, 8 MiB then resident through the upload and the
     * publish (bench/README.md, "Eighth pass"). A late error is dropped.
     * Resolves when the threads have exited (for tests; packaging goes on).
     */
    close() {
        for (const lane of this.inline?.lanes ?? [])
            lane.close();
        const exits = this.workers.map((w) => {
            w.unref();
            // Before terminate(), which waits for its own 'exit' listener.
            w.removeAllListeners();
            w.on('error', () => undefined);
            return w.terminate().catch(() => undefined);
        });
        return Promise.all(exits).then(() => undefined);
    }
}

// EXTERNAL MODULE: ./src/package/source-files.ts
var source_files = __webpack_require__(7217);
;// CONCATENATED MODULE: ./src/package/zip-units.ts



/** Unit of a small file, whose numbers are in `Job.small`. */
const SMALL = { kind: 'small' };
/** Wakes the writer if it waits for unit `i` (or for anything: -1). */
function notify(job, i) {
    if (job.waitingFor !== i && i !== -1)
        return;
    const wake = job.wake;
    job.wake = undefined;
    wake?.();
}
/** A promise settled by the reader, awaited by the writer (or not at all). */
function pending() {
    const p = Promise.withResolvers();
    // Rejections are awaited by the writer in order; the rest are moot.
    p.promise.catch(() => undefined);
    return p;
}
/** The unit of a link or a large file. */
function makeUnit(e) {
    if (e.kind === 'symlink') {
        return {
            kind: 'link',
            entry: e,
            data: Buffer.from(e.linkTarget ?? '', 'utf8')
        };
    }
    const ranges = [[0, PROBE_BYTES]];
    for (let off = PROBE_BYTES; off < e.size; off += CHUNK_BYTES) {
        ranges.push([off, Math.min(off + CHUNK_BYTES, e.size)]);
    }
    const pieces = ranges.map(pending);
    return { kind: 'large', entry: e, ranges, regions: [], pieces };
}
/**
 * Starts reading and compressing in archive order, as far ahead as the
 * budget allows: small files are queued in batches, ranges of large ones
 * sent one by one, all to the deflate workers (deflate-workers.ts). The
 * fingerprint is the writer's, which sees every entry in order.
 */
async function readAhead(job) {
    const { workers } = job;
    for (let i = 0; i < job.entries.length; i++) {
        // Made for this step only (a table's entries are): kept, it would
        // outlive the young generation.
        const entry = job.entries.at(i);
        // Its size decides how it is compressed.
        if (entry.kind === 'file' && entry.size <= PROBE_BYTES) {
            const { size, sourcePath } = entry;
            const lane = job.smallCount++ % LANES;
            // The file, then room for its compressed form (kept only if smaller).
            // Awaited only when the ring is full: a promise per file is garbage.
            const at = regionNow(job, 2 * size) ?? (await region(job, 2 * size));
            job.small.add(i, at, size);
            workers.add({
                unit: i,
                piece: 0,
                path: sourcePath,
                lane,
                at,
                size,
                from: 0,
                dict: 0,
                flags: worker_batch/* FLAG_LAST */.wt
            });
            // Ready when its batch answers (settle).
            continue;
        }
        const unit = makeUnit(entry);
        job.units.set(i, unit);
        notify(job, i);
        if (unit.kind === 'large')
            await readLarge(job, i, unit);
    }
    workers.flush();
}
/**
 * Where `n` bytes of the ring start (its buffer starts its shared memory).
 * Batches are sent before waiting: the writer frees the ring, and it may be
 * waiting for them.
 */
async function region(job, n) {
    const now = regionNow(job, n);
    if (now !== undefined)
        return now;
    job.workers.flush();
    return (await job.ring.acquire(n)).byteOffset;
}
function regionNow(job, n) {
    return job.ring.tryAcquire(n)?.byteOffset;
}
/**
 * Sends a large file's ranges without waiting: the first 64 KiB (the probe)
 * decide whether the file is deflated or stored. Ranges sent before the
 * main thread has the verdict go to the probe's worker, which knows it;
 * later ones to any worker. (Waiting for the verdict left the workers
 * without new work each time, and probing here made this thread the
 * bottleneck: bench/README.md.)
 */
async function readLarge(job, i, unit) {
    // A table's entry makes its path on each ask.
    const path = unit.entry.sourcePath;
    let owner = -1;
    for (const [k, [start, end]] of unit.ranges.entries()) {
        const size = end - start;
        const store = unit.store;
        const dict = k === 0 || store === true ? 0 : Math.min(start, DICT_BYTES);
        // Dictionary and range, then room for the range deflated.
        const room = store === true ? 0 : (0,worker_batch/* roomFor */.N_)(size);
        const at = await region(job, dict + size + room);
        unit.regions.push(at + dict);
        const item = {
            unit: i,
            piece: k,
            path,
            lane: -1,
            at,
            size,
            from: start - dict,
            dict,
            flags: (k === unit.ranges.length - 1 ? worker_batch/* FLAG_LAST */.wt : 0) |
                (k === 0 ? worker_batch/* FLAG_PROBE */.IE : 0) |
                (k > 0 && store === undefined ? worker_batch/* FLAG_AS_PROBE */.vD : 0) |
                (store === true ? worker_batch/* FLAG_STORE */.Xh : 0)
        };
        const w = job.workers.range(item, k > 0 && store === undefined ? owner : undefined);
        if (k === 0)
            owner = w;
    }
}
/** Settles a piece from its batch's answer, and wakes the writer if it waits for it. */
function settle(job, o) {
    const large = job.small.has(o.unit)
        ? undefined
        : job.units.get(o.unit);
    let error;
    if (o.status === worker_batch/* STATUS_CHANGED */.C || o.error) {
        const e = large?.entry ?? job.entries.at(o.unit);
        error =
            o.status === worker_batch/* STATUS_CHANGED */.C
                ? (0,source_files/* changedError */.zi)(e)
                : (0,source_files/* cannotRead */.U0)(e, Object.assign(new Error(o.error?.message), { code: o.error?.code }));
    }
    if (!large) {
        if (error !== undefined)
            job.small.fail(o.unit, error);
        else
            job.small.settle(o.unit, o.method, o.crc, o.length);
        notify(job, o.unit);
        return;
    }
    const d = large.pieces[o.piece];
    if (error !== undefined)
        return d.reject(error);
    const [start, end] = large.ranges[o.piece];
    if (o.piece === 0)
        large.store = o.method === 0;
    d.resolve(piece(job.ring, large.regions[o.piece], end - start, o));
}
/** The piece's bytes as views of the ring: as read at `at`, deflated right after. */
function piece(ring, at, size, o) {
    const raw = ring.view(at, size);
    const data = o.method === 8 ? ring.view(at + size, o.length) : raw;
    return { method: o.method, crc: o.crc, size, data, raw };
}

;// CONCATENATED MODULE: ./src/package/entry-writer.ts





/** Entries written between two collections of the heap (ZipOptions.collect). */
const COLLECT_EVERY = 8192;
/**
 * Writes the units in order as their pieces come, and feeds the fingerprint
 * each entry's bytes as read; returns the central directory's records.
 */
async function writeUnits(job, digest, records) {
    const { units, out, ring } = job;
    for (let i = 0; i < job.entries.length; i++) {
        // Awaited only when not ready: a promise per entry is garbage per entry.
        const unit = readyNow(job, i) ?? (await ready(job, i));
        // Made again here: small files' units are numbers (small-slots.ts).
        const entry = unit.kind === 'small' ? job.entries.at(i) : unit.entry;
        digest.entry(entry);
        if (unit.kind === 'link') {
            const { entry, data } = unit;
            digest.data(data);
            const w = entryRecord(entry, 0, external_node_zlib_.crc32(data), data.length, out.pos);
            w.compressedSize = data.length;
            await out.append(localHeader(w));
            await out.append(data);
            records.add(w);
        }
        else if (unit.kind === 'small') {
            const s = job.small.get(i);
            const p = piece(ring, s.at, s.size, s);
            digest.data(p.raw);
            const w = entryRecord(entry, p.method, p.crc, p.size, out.pos);
            w.compressedSize = p.data.length;
            const header = localHeader(w);
            if (!out.tryAppend(header))
                await out.append(header);
            if (!out.tryAppend(p.data))
                await out.append(p.data);
            ring.release();
            records.add(w);
        }
        else if (unit.entry.size > job.streamAbove) {
            records.add(await writeStreamed(unit, out, ring, digest));
        }
        else {
            records.add(await writeWhole(unit, out, ring, digest));
        }
        // Written units let go of their buffers (a settled promise keeps its value).
        units.delete(i);
        job.small.remove(i);
        // At 70,000 files the main heap's old space grew by 1.5 MiB between
        // V8's own full collections; collected this often, by ~0.3 MiB, for
        // eight collections of 7-18 ms (bench/README.md, "Ninth pass").
        if ((i + 1) % COLLECT_EVERY === 0)
            job.collect();
    }
}
/** Unit `i` if the reader has made it, and settled it if it is small. */
function readyNow(job, i) {
    if (job.small.has(i)) {
        if (job.small.ready(i))
            return SMALL;
    }
    else {
        const unit = job.units.get(i);
        if (unit)
            return unit;
    }
    if (job.failed)
        throw job.failed.error;
    return undefined;
}
/** Unit `i` once it is ready (readyNow). */
async function ready(job, i) {
    job.waitingFor = i;
    for (;;) {
        const unit = readyNow(job, i);
        if (unit)
            return unit;
        await new Promise((r) => (job.wake = r));
    }
}
/** All pieces first, then the entry with its sizes known. */
async function writeWhole(unit, out, ring, digest) {
    const e = unit.entry;
    const pieces = [];
    let crc = 0;
    for (const d of unit.pieces) {
        const p = await d.promise;
        digest.data(p.raw);
        crc = external_node_zlib_.crc32(p.raw, crc);
        pieces.push(p);
    }
    let size = 0;
    let compressedSize = 0;
    for (const p of pieces) {
        size += p.size;
        compressedSize += p.data.length;
    }
    if (size !== e.size)
        throw (0,source_files/* changedError */.zi)(e);
    const first = pieces[0];
    const w = entryRecord(e, first.method, crc, size, out.pos);
    // Deflate did not pay off over the whole file: store it.
    if (w.method === 8 && compressedSize >= size)
        w.method = 0;
    w.compressedSize = w.method === 0 ? size : compressedSize;
    await out.append(localHeader(w));
    // Stored after all (deflate did not pay over the whole file): the bytes
    // as read, still in the ring.
    for (const p of pieces)
        await out.append(w.method === 8 ? p.data : p.raw);
    for (let i = 0; i < pieces.length; i++)
        ring.release();
    return w;
}
async function writeStreamed(unit, out, ring, digest) {
    const e = unit.entry;
    await out.pauseHash();
    const w = entryRecord(e, 8, 0, e.size, out.pos);
    const headerLength = localHeader(w).length;
    await out.append(Buffer.alloc(headerLength));
    const dataStart = out.pos;
    let done = 0;
    for (const d of unit.pieces) {
        const p = await d.promise;
        digest.data(p.raw);
        if (done === 0)
            w.method = p.method;
        w.crc = external_node_zlib_.crc32(p.raw, w.crc);
        done += p.size;
        w.compressedSize += p.data.length;
        await out.append(p.data);
        ring.release();
    }
    if (done !== e.size)
        throw (0,source_files/* changedError */.zi)(e);
    if (w.method === 8 && w.compressedSize >= w.size) {
        // Deflate did not pay off over the whole file: store it, as a file that
        // fits in memory would have been.
        await out.rewind(dataStart);
        await (0,source_files/* copyFile */.m3)(e, out);
        w.method = 0;
        w.compressedSize = w.size;
    }
    const header = localHeader(w);
    if (header.length !== headerLength) {
        throw new errors/* PackagingError */.yr(`internal: local header of ${e.name} resized`);
    }
    await out.patch(w.offset, header);
    await out.resumeHash(w.offset);
    return w;
}

// EXTERNAL MODULE: ./src/package/fingerprint.ts
var fingerprint = __webpack_require__(8080);
;// CONCATENATED MODULE: ./src/package/memory-ring.ts
/**
 * The memory budget as one ring buffer, carved in archive order and given
 * back in the same order: file data and compressed output live in it, so
 * packaging allocates no buffer per file (per-file buffers die old in V8 and
 * pile up until a full collection). It is shared memory: the small-file
 * workers read and deflate into it. One waiter (the reader).
 */
class MemoryRing {
    capacity;
    // Pages are only committed as the ring first reaches them.
    buf;
    head = 0;
    tail = 0;
    held = [];
    wake;
    aborted = false;
    constructor(capacity) {
        this.capacity = capacity;
        this.buf = Buffer.from(new SharedArrayBuffer(capacity));
    }
    /** `n` bytes at `at`: what a region held (views of the shared memory). */
    view(at, n) {
        return this.buf.subarray(at, at + n);
    }
    /** A region of `n` bytes, waiting until older regions are released. */
    async acquire(n) {
        for (;;) {
            const region = this.tryAcquire(n);
            if (region)
                return region;
            await new Promise((r) => (this.wake = r));
        }
    }
    /** A region of `n` bytes if one is free now (no promise), else undefined. */
    tryAcquire(n) {
        if (this.aborted)
            throw new Error('aborted');
        if (this.held.length === 0)
            this.head = this.tail = 0;
        // The workers see only the shared memory: no region lives elsewhere.
        if (n > this.capacity)
            throw new Error(`internal: ${n} bytes exceed the ring`);
        if (this.held.length === 0 || this.tail > this.head) {
            if (this.capacity - this.tail >= n)
                return this.take(this.tail, n, n);
            // Skip the end of the ring and wrap around.
            if (n <= this.head)
                return this.take(0, n, this.capacity - this.tail + n);
            return undefined;
        }
        return this.head - this.tail >= n ? this.take(this.tail, n, n) : undefined;
    }
    take(at, n, consumed) {
        this.held.push(consumed);
        this.tail = (at + n) % this.capacity;
        if (this.tail === this.head)
            this.tail = at + n;
        return this.buf.subarray(at, at + n);
    }
    /** Gives back the oldest region. */
    release() {
        const consumed = this.held.shift() ?? 0;
        this.head = (this.head + consumed) % this.capacity;
        this.notify();
    }
    abort() {
        this.aborted = true;
        this.notify();
    }
    notify() {
        const w = this.wake;
        this.wake = undefined;
        w?.();
    }
}

;// CONCATENATED MODULE: ./src/package/small-slots.ts
/**
 * The small files between the reader and the writer (a thousand at once in
 * a 6 MiB ring), as numbers in typed arrays indexed by the entry's number:
 * no object per file. An object per file in flight lived through two young
 * collections and was promoted, so the main thread's heap grew with how
 * long packaging ran (bench/README.md, "Memory").
 */
const WAITING = -1;
const FREE = -1;
class SmallSlots {
    index = new Int32Array(0);
    regions = new Float64Array(0);
    sizes = new Float64Array(0);
    methods = new Int8Array(0);
    crcs = new Uint32Array(0);
    lengths = new Float64Array(0);
    errors = new Map();
    constructor(capacity = 1024) {
        this.resize(capacity);
    }
    /** Entry `i`, a small file read into the ring at `at`. */
    add(i, at, size) {
        while (this.index[this.slot(i)] !== FREE)
            this.resize(this.index.length * 2);
        const s = this.slot(i);
        this.index[s] = i;
        this.regions[s] = at;
        this.sizes[s] = size;
        this.methods[s] = WAITING;
        this.crcs[s] = 0;
        this.lengths[s] = 0;
    }
    has(i) {
        return this.index[this.slot(i)] === i;
    }
    /** Its batch answered: how the file is stored and how long that is. */
    settle(i, method, crc, length) {
        const s = this.slot(i);
        this.methods[s] = method;
        this.crcs[s] = crc;
        this.lengths[s] = length;
    }
    fail(i, error) {
        this.errors.set(i, error);
    }
    /** Whether entry `i` is settled; its error is thrown if it failed. */
    ready(i) {
        if (this.errors.has(i))
            throw this.errors.get(i);
        return this.methods[this.slot(i)] !== WAITING;
    }
    /** Entry `i`'s numbers, once ready: made for the writer, used at once. */
    get(i) {
        const s = this.slot(i);
        return {
            at: this.regions[s],
            size: this.sizes[s],
            method: this.methods[s] === 8 ? 8 : 0,
            crc: this.crcs[s],
            length: this.lengths[s]
        };
    }
    /** Written: its slot is free for a later entry. */
    remove(i) {
        if (this.has(i))
            this.index[this.slot(i)] = FREE;
        this.errors.delete(i);
    }
    slot(i) {
        return i & (this.index.length - 1);
    }
    /** More room (a power of two): the files in flight keep their numbers. */
    resize(capacity) {
        const old = {
            index: this.index,
            regions: this.regions,
            sizes: this.sizes,
            methods: this.methods,
            crcs: this.crcs,
            lengths: this.lengths
        };
        this.index = new Int32Array(capacity).fill(FREE);
        this.regions = new Float64Array(capacity);
        this.sizes = new Float64Array(capacity);
        this.methods = new Int8Array(capacity);
        this.crcs = new Uint32Array(capacity);
        this.lengths = new Float64Array(capacity);
        for (let s = 0; s < old.index.length; s++) {
            const i = old.index[s];
            if (i === FREE)
                continue;
            // Entries in flight span fewer numbers than the new capacity.
            const t = this.slot(i);
            this.index[t] = i;
            this.regions[t] = old.regions[s];
            this.sizes[t] = old.sizes[s];
            this.methods[t] = old.methods[s];
            this.crcs[t] = old.crcs[s];
            this.lengths[t] = old.lengths[s];
        }
    }
}

;// CONCATENATED MODULE: ./src/package/zip-writer.ts














// Two workers deflating 1 MiB ranges hold ~4 MiB of it, and a small-file
// tree moves through it faster than they deflate: 6 MiB packages both
// bench trees in the same time as 8 did, with 2 MiB less resident at every
// size. A short run of 1,000 small files touched 7.5 MiB of 8 where a long
// one touched all of it; it touches 5.8 of 6, so the ring no longer adds
// to how peak RSS grows with the tree (bench/README.md, "Tenth pass").
const DEFAULT_BUDGET = 6 * 1024 * 1024;
// Larger files are written as they are compressed, their local header
// patched afterwards; smaller ones wait until the whole file is ready.
const STREAM_ABOVE = 2 * 1024 * 1024;
const INLINE_BELOW = 200;
/**
 * Writes `entries` as a deterministic zip at `outPath`.
 *
 * Files are read ahead of the writer, within a fixed memory budget, and
 * read and compressed by worker threads (deflate-workers.ts); entries are
 * written strictly in name order. An entry of up to 2 MiB (or a quarter of
 * the budget) is written with its CRC and sizes in the local header (as
 * Info-ZIP does); a larger
 * one is written as its chunks come and its local header rewritten in place
 * once known, so the bytes are the same either way and no data descriptor is
 * needed. The SHA-256 is computed while writing; only a rewritten entry is
 * hashed by reading it back from the output.
 */
async function writeZip(entries, outPath, opts = {}) {
    const level = opts.level ?? 6;
    if (!Number.isInteger(level) || level < 1 || level > 9) {
        throw new errors/* PackagingError */.yr(`compression level must be 1–9, got ${level}`);
    }
    const sorted = entry_table/* EntryTable */.F.of(entries);
    const path = (0,external_node_path_.resolve)(outPath);
    const job = await startJob(sorted, path, level, opts);
    const digest = new fingerprint/* FilesDigest */.Ko(level);
    const reading = readAhead(job).catch((error) => stop(job, error));
    const records = new CentralRecords(`${path}.cd`);
    try {
        await writeUnits(job, digest, records);
        // Every file has been read (and digested) once the last one is written.
        await reading;
        const filesSha256 = digest.hex();
        const { out } = job;
        const cdOffset = out.pos;
        for (const part of records.parts())
            await out.append(part);
        const comment = (0,fingerprint/* fingerprintComment */.k$)(filesSha256);
        for (const part of centralDirectoryEnd(records, cdOffset, comment)) {
            await out.append(part);
        }
        const { size, sha256 } = await out.finish();
        return {
            path,
            size,
            sha256,
            unzippedSize: records.unzipped,
            entryCount: records.count,
            names: sorted.nameList(),
            filesSha256
        };
    }
    catch (err) {
        await job.out.abort();
        throw err instanceof errors/* PackagingError */.yr
            ? err
            : new errors/* PackagingError */.yr(`could not write ${path}: ${(0,errors/* errorMessage */.gJ)(err)}`, {
                cause: err
            });
    }
    finally {
        job.ring.abort();
        await reading;
        // Not awaited: the threads wind down while the next phase starts.
        void job.workers.close();
        records.discard();
    }
}
/** Reading stopped: units not ready by now never will be. */
function stop(job, error) {
    job.failed ??= { error };
    notify(job, -1);
    for (const u of job.units.values()) {
        if (u.kind === 'large')
            for (const p of u.pieces)
                p.reject(error);
    }
}
async function startJob(sorted, path, level, opts) {
    // At least the largest region: a chunk, its dictionary and its room.
    const budget = Math.max(opts.memoryBudgetBytes ?? DEFAULT_BUDGET, DICT_BYTES + CHUNK_BYTES + (0,worker_batch/* roomFor */.N_)(CHUNK_BYTES));
    const workers = Math.max(1, opts.workers ?? (0,external_node_os_.availableParallelism)());
    // Sizes are not asked for here: they may not have been read yet (entry-table.ts).
    const inline = opts.smallFilesInline ?? sorted.length < INLINE_BELOW;
    const ring = new MemoryRing(budget);
    const out = await ArchiveOutput.create(path);
    const job = {
        entries: sorted,
        units: new Map(),
        small: new SmallSlots(),
        smallCount: 0,
        out,
        ring,
        // A file written whole holds about twice its size of the ring at once.
        streamAbove: Math.max(2 * PROBE_BYTES, Math.min(STREAM_ABOVE, Math.floor(budget / 8))),
        waitingFor: -1,
        collect: opts.collect ?? (() => { })
    };
    const full = job;
    job.workers = new DeflateWorkers(ring.buf, level, workers, inline ? 0 : workers, (o) => settle(full, o), (err) => stop(full, err));
    return full;
}
/**
 * The archive writeZip would make of `entries`, as far as it is known
 * without compressing (one pass): the exact unzipped size, count and names,
 * and for its size an upper bound (an entry is stored when deflate does not
 * pay, so it never takes much more than its size plus its headers). No
 * path and no SHA-256.
 */
function listedArchive(entries) {
    const sorted = entry_table/* EntryTable */.F.of(entries);
    let size = 22 + 56 + 20 + 0xffff;
    let unzippedSize = 0;
    for (const e of sorted) {
        const name = Buffer.byteLength(e.name, 'utf8');
        // Headers with ZIP64 extras, plus deflate's worst case per 16 KiB block.
        size +=
            e.size + 30 + 46 + 2 * name + 48 + 5 * Math.ceil(e.size / 16384) + 64;
        unzippedSize += e.size;
    }
    return {
        path: '',
        size,
        sha256: '',
        unzippedSize,
        entryCount: sorted.length,
        names: sorted.nameList()
    };
}

;// CONCATENATED MODULE: ./src/package/inspect-types.ts
/** The file is not a zip we can read; the message says why. */
class NotZip extends Error {
}
const KINDS = ['file', 'directory', 'link'];
const FILE = 0;
const DIRECTORY = 1;
const LINK = 2;

;// CONCATENATED MODULE: ./src/package/inspect-stream.ts

const CHUNK = 1024 * 1024;
class SeqReader {
    fh;
    end;
    hash;
    chunk;
    /** Bytes loaded and not yet passed; they end at `loadedEnd`. */
    buf = Buffer.alloc(0);
    scratch;
    bufStart;
    /** The next byte `take` returns. */
    pos;
    constructor(fh, start, end, 
    /** Every byte loaded is fed to it once, in file order. */
    hash, chunk = CHUNK) {
        this.fh = fh;
        this.end = end;
        this.hash = hash;
        this.chunk = chunk;
        this.bufStart = start;
        this.pos = start;
    }
    get loadedEnd() {
        return this.bufStart + this.buf.length;
    }
    /**
     * The next `n` bytes: a view that stays valid until the next `skip` (which
     * reuses one buffer, so passing 250 MB allocates 1 MiB, not 250).
     */
    async take(n) {
        const view = await this.peek(n);
        if (view.length < n)
            throw new NotZip('truncated');
        this.pos += n;
        return view;
    }
    /** Up to `n` bytes from `pos` without passing them (fewer at the end). */
    async peek(n) {
        const want = Math.min(n, this.end - this.pos);
        if (this.pos + want > this.loadedEnd)
            await this.load(want);
        const at = this.pos - this.bufStart;
        return this.buf.subarray(at, at + Math.max(0, want));
    }
    /** Passes `n` bytes, reading (and hashing) them a chunk at a time. */
    async skip(n) {
        const target = this.pos + n;
        if (target > this.end)
            throw new NotZip('truncated');
        while (this.loadedEnd < target) {
            const start = this.loadedEnd;
            this.scratch ??= Buffer.allocUnsafe(this.chunk);
            const length = Math.min(this.chunk, this.end - start);
            this.buf = await this.read(start, length, this.scratch);
            this.bufStart = start;
        }
        this.pos = target;
    }
    /** Reads (and hashes) the rest of the region. */
    async drain() {
        await this.skip(this.end - this.pos);
    }
    /** Makes `want` bytes from `pos` available, keeping the unpassed ones. */
    async load(want) {
        const from = Math.max(this.pos, this.bufStart);
        const rest = this.buf.subarray(from - this.bufStart);
        const more = Math.min(Math.max(want - rest.length, this.chunk), this.end - this.loadedEnd);
        const fresh = await this.read(this.loadedEnd, more);
        this.buf = Buffer.concat([rest, fresh]);
        this.bufStart = from;
    }
    async read(at, length, into) {
        const out = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
            const { bytesRead } = await this.fh.read(out, got, length - got, at + got);
            if (bytesRead === 0)
                throw new NotZip('truncated');
            got += bytesRead;
        }
        this.hash?.update(out);
        return out;
    }
}

;// CONCATENATED MODULE: ./src/package/inspect-central.ts




const inspect_central_EOCD64_SIG = 0x06064b50;
const inspect_central_LOCATOR_SIG = 0x07064b50;
const inspect_central_CENTRAL_SIG = 0x02014b50;
const S_IFMT = 0o170000;
const inspect_central_S_IFLNK = 0o120000;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
async function readAt(fh, at, n) {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, at);
    if (bytesRead < n)
        throw new NotZip('truncated');
    return buf;
}
/** The end of central directory record, read through to ZIP64's when used. */
async function readEnd(fh, size) {
    if (size < 22)
        throw new NotZip('too short');
    const tailLength = Math.min(size, 22 + MAX16);
    const tailStart = size - tailLength;
    const tail = await readAt(fh, tailStart, tailLength);
    const eocd = (0,fingerprint/* findEndRecord */.i7)(tail);
    if (eocd < 0)
        throw new NotZip('no end of central directory record');
    const commentStart = eocd + 22;
    const end = {
        comment: tail.toString('latin1', commentStart, commentStart + tail.readUInt16LE(eocd + 20)),
        count: tail.readUInt16LE(eocd + 10),
        cdSize: tail.readUInt32LE(eocd + 12),
        cdOffset: tail.readUInt32LE(eocd + 16),
        cdEnd: tailStart + eocd
    };
    const saturated = end.count === MAX16 || end.cdSize === MAX32 || end.cdOffset === MAX32;
    return saturated ? readZip64End(fh, end) : end;
}
async function readZip64End(fh, end) {
    const eocdAt = end.cdEnd;
    if (eocdAt < 20)
        return end;
    const loc = await readAt(fh, eocdAt - 20, 20);
    if (loc.readUInt32LE(0) !== inspect_central_LOCATOR_SIG)
        return end;
    const at = Number(loc.readBigUInt64LE(8));
    if (at + 56 > eocdAt)
        throw new NotZip('bad ZIP64 locator');
    const rec = await readAt(fh, at, 56);
    if (rec.readUInt32LE(0) !== inspect_central_EOCD64_SIG) {
        throw new NotZip('bad ZIP64 end of central directory');
    }
    return {
        comment: end.comment,
        count: Number(rec.readBigUInt64LE(32)),
        cdSize: Number(rec.readBigUInt64LE(40)),
        cdOffset: Number(rec.readBigUInt64LE(48)),
        cdEnd: at
    };
}
function emptyTable(end) {
    const n = end.count;
    return {
        count: n,
        comment: end.comment,
        cdOffset: end.cdOffset,
        names: [],
        rawNames: new Map(),
        offset: new Float64Array(n),
        compressedSize: new Float64Array(n),
        size: new Float64Array(n),
        crc: new Uint32Array(n),
        flags: new Uint16Array(n),
        method: new Uint16Array(n),
        mode: new Uint32Array(n),
        kind: new Uint8Array(n),
        dataOffset: new Float64Array(n)
    };
}
/**
 * Streams the central directory into a table. `onRecord` sees each entry as
 * it is read (for the name rules), so a bad name fails before the rest.
 */
async function readCentralTable(fh, size, onRecord) {
    const end = await readEnd(fh, size);
    const { count, cdSize, cdOffset } = end;
    if (cdOffset + cdSize > end.cdEnd) {
        throw new NotZip('central directory lies outside the file');
    }
    // A record is at least 46 bytes: a count beyond that is a lie, and
    // believing it would size the table from an attacker's number.
    if (count * 46 > cdSize)
        throw new NotZip('central directory is too short');
    const table = emptyTable(end);
    const reader = new SeqReader(fh, cdOffset, cdOffset + cdSize);
    for (let i = 0; i < count; i++) {
        const head = await reader.take(46).catch(() => damaged(i));
        if (head.readUInt32LE(0) !== inspect_central_CENTRAL_SIG)
            damaged(i);
        const lengths = [28, 30, 32].map((at) => head.readUInt16LE(at));
        const rest = await reader
            .take(lengths.reduce((a, b) => a + b, 0))
            .catch(() => damaged(i));
        const extras = parseRecord(table, i, head, rest);
        onRecord(table, i, extras);
    }
    if (reader.pos !== cdOffset + cdSize) {
        throw new NotZip('central directory holds more than its end record counts');
    }
    return table;
}
function damaged(i) {
    throw new NotZip(`central directory record ${i + 1} is damaged`);
}
function parseRecord(t, i, head, rest) {
    const nameLength = head.readUInt16LE(28);
    const extraLength = head.readUInt16LE(30);
    const rawName = rest.subarray(0, nameLength);
    const name = decodeName(t, i, rawName);
    t.names.push(name);
    const fields = zip64Fields(rest.subarray(nameLength, nameLength + extraLength), {
        size: head.readUInt32LE(24),
        compressedSize: head.readUInt32LE(20),
        offset: head.readUInt32LE(42)
    });
    if (fields === undefined)
        throw new NotZip(`bad ZIP64 field for ${name}`);
    t.offset[i] = fields.offset;
    t.compressedSize[i] = fields.compressedSize;
    t.size[i] = fields.size;
    t.crc[i] = head.readUInt32LE(16);
    t.flags[i] = head.readUInt16LE(8);
    t.method[i] = head.readUInt16LE(10);
    const mode = head.readUInt32LE(38) >>> 16;
    t.mode[i] = mode;
    t.kind[i] =
        (mode & S_IFMT) === inspect_central_S_IFLNK ? LINK : name.endsWith('/') ? DIRECTORY : FILE;
    if (fields.offset + 30 > t.cdOffset) {
        throw new NotZip(`entry "${name}" points outside the archive data`);
    }
    const unicodePath = unicodePathOf(rest.subarray(nameLength, nameLength + extraLength));
    return unicodePath === undefined ? {} : { unicodePath };
}
function decodeName(t, i, raw) {
    try {
        return UTF8.decode(raw);
    }
    catch {
        t.rawNames.set(i, Buffer.from(raw));
        return raw.toString('utf8');
    }
}
/** Each extra field of a record, as (id, data). */
function* extraFields(extra) {
    for (let x = 0; x + 4 <= extra.length;) {
        const len = extra.readUInt16LE(x + 2);
        yield [extra.readUInt16LE(x), extra.subarray(x + 4, x + 4 + len)];
        x += 4 + len;
    }
}
/** The fields, each saturated one read from the ZIP64 extra; undefined if it is short. */
function zip64Fields(extra, fields) {
    const f = { ...fields };
    for (const [id, data] of extraFields(extra)) {
        if (id !== 0x0001)
            continue;
        let y = 0;
        const next = () => {
            if (y + 8 > data.length)
                return undefined;
            y += 8;
            return Number(data.readBigUInt64LE(y - 8));
        };
        for (const key of ['size', 'compressedSize', 'offset']) {
            if (f[key] !== MAX32)
                continue;
            const v = next();
            if (v === undefined)
                return undefined;
            f[key] = v;
        }
    }
    return f;
}
/** The name in an Info-ZIP Unicode Path field (0x7075), if there is one. */
function unicodePathOf(extra) {
    for (const [id, data] of extraFields(extra)) {
        if (id === 0x7075 && data.length >= 5)
            return data.toString('utf8', 5);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/package/inspect-paths.ts
/*
 * The path rules for a given zip: where each entry lands when any extractor
 * writes it, and where each link entry leads. Every refusal is one
 * InputError naming `zip-file`, the entry and the rule.
 */


/** Symlinks followed while resolving one target, as Linux's ELOOP limit. */
const MAX_HOPS = 40;
function refuse(rule) {
    throw new errors/* InputError */.dz('zip-file', rule);
}
/** An entry's name fit for a message: unprintable characters escaped. */
function shown(t, i) {
    const raw = t.rawNames.get(i);
    if (raw === undefined)
        return escapeText(t.names[i] ?? '');
    // Not UTF-8: every byte outside printable ASCII is shown as \xNN.
    let out = '';
    for (const b of raw)
        out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : hex(b);
    return out;
}
function hex(code) {
    return code < 0x100
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u{${code.toString(16)}}`;
}
/** Control characters, and those that reorder or hide the text around them. */
function unprintable(c) {
    return (c < 0x20 ||
        (c >= 0x7f && c <= 0x9f) ||
        c === 0x200e ||
        c === 0x200f ||
        c === 0x2028 ||
        c === 0x2029 ||
        (c >= 0x202a && c <= 0x202e) ||
        (c >= 0x2066 && c <= 0x2069) ||
        c === 0xfeff);
}
function escapeText(s) {
    let out = '';
    for (const ch of s) {
        const c = ch.codePointAt(0) ?? 0;
        out += unprintable(c) ? hex(c) : ch;
    }
    return out;
}
/** An absolute path, a drive, a backslash or a `..` segment: outside the root. */
function unsafeName(name) {
    return (name === '' ||
        name.includes('\\') ||
        name.includes('\0') ||
        name.startsWith('/') ||
        /^[A-Za-z]:/.test(name) ||
        name.split('/').some((s) => s === '..'));
}
function checkName(t, i, name) {
    if (unsafeName(name)) {
        const what = name === t.names[i] ? shown(t, i) : escapeText(name);
        refuse(`entry "${what}" would extract outside the layer root`);
    }
}
/**
 * Info-ZIP's Unicode Path field names the entry for the extractors that
 * prefer it. It must stay inside the root; and for an ASCII header name
 * (the same bytes in CP437 and UTF-8) it must be that name, or two
 * extractors would write two different files.
 */
function checkUnicodePath(t, i, path) {
    checkName(t, i, path);
    const name = t.names[i] ?? '';
    if (path !== name && !t.rawNames.has(i) && /^[\x20-\x7e]*$/.test(name)) {
        refuse(`entry "${shown(t, i)}" carries a Unicode Path field naming "${escapeText(path)}"; extractors disagree on which name they write`);
    }
}
/** Where an entry lands, relative to the root: no empty or `.` segments. */
function pathKey(name) {
    const plain = !name.endsWith('/') &&
        !name.includes('//') &&
        !name.startsWith('./') &&
        !name.includes('/./') &&
        !name.endsWith('/.') &&
        name !== '.';
    // Most names are already plain: keep the string, not a copy of it.
    return plain ? name : segments(name).join('/');
}
function segments(path) {
    return path.split('/').filter((s) => s !== '' && s !== '.');
}
/** Each entry's landing path to its index; two entries on one path are refused. */
function indexPaths(t) {
    const index = new Map();
    for (let i = 0; i < t.count; i++) {
        const key = pathKey(t.names[i] ?? '');
        if (key === '') {
            if (t.kind[i] === DIRECTORY)
                continue;
            refuse(`entry "${shown(t, i)}" names the layer root itself, not a file`);
        }
        const first = index.get(key);
        if (first !== undefined) {
            const same = t.names[first] === t.names[i];
            refuse(same
                ? `entry "${shown(t, i)}" appears more than once; extractors disagree on which copy is kept`
                : `entry "${shown(t, i)}" lands on the same path as entry "${shown(t, first)}"; extractors disagree on which is kept`);
        }
        index.set(key, i);
    }
    return index;
}
/** No entry is written through a link entry, nor under a file entry. */
function checkParents(t, index) {
    for (let i = 0; i < t.count; i++) {
        const key = pathKey(t.names[i] ?? '');
        for (let p = key.lastIndexOf('/'); p > 0; p = key.lastIndexOf('/', p - 1)) {
            const j = index.get(key.slice(0, p));
            if (j === undefined || t.kind[j] === DIRECTORY)
                continue;
            refuse(t.kind[j] === LINK
                ? `entry "${shown(t, i)}" would be written through link entry "${shown(t, j)}"`
                : `entry "${shown(t, i)}" lies under file entry "${shown(t, j)}", which an extractor would have to replace`);
        }
    }
}
/**
 * Every link entry's target, resolved from the link's own folder and through
 * the archive's other links, stays inside the layer root. Links that leave
 * it are refused, not published with a warning: packaging refuses links
 * that resolve outside base-directory in both symlink modes, and a given
 * zip is held to the same rule.
 */
function checkLinks(t, index, targets) {
    for (const [i, target] of targets) {
        const outcome = resolveLink(t, index, targets, i);
        if (outcome === undefined)
            continue;
        const link = `link entry "${shown(t, i)}" -> "${escapeText(target)}"`;
        refuse(outcome === 'loop'
            ? `${link} passes through more than ${MAX_HOPS} links (a loop); links must resolve inside the layer root`
            : `${link} resolves outside the layer root`);
    }
}
function absolute(target) {
    return target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target);
}
/** 'outside' or 'loop' when the link leads there; undefined when it stays in. */
function resolveLink(t, index, targets, link) {
    const first = targets.get(link) ?? '';
    if (absolute(first))
        return 'outside';
    const at = segments(pathKey(t.names[link] ?? ''));
    at.pop();
    const pending = segments(first);
    let hops = 0;
    for (let seg = pending.shift(); seg !== undefined; seg = pending.shift()) {
        if (seg === '..') {
            if (at.pop() === undefined)
                return 'outside';
            continue;
        }
        at.push(seg);
        const j = index.get(at.join('/'));
        if (j === undefined || t.kind[j] !== LINK)
            continue;
        if (++hops > MAX_HOPS)
            return 'loop';
        const next = targets.get(j) ?? '';
        if (absolute(next))
            return 'outside';
        // The link's own segment is replaced by its target, read from its folder.
        at.pop();
        pending.unshift(...segments(next));
    }
    return undefined;
}
/** At least one entry a layer can use. */
function checkHasFile(t) {
    for (let i = 0; i < t.count; i++)
        if (t.kind[i] === FILE)
            return;
    refuse('holds no file entries; a layer needs at least one file');
}

;// CONCATENATED MODULE: ./src/package/inspect-local.ts
/*
 * The one pass over a given zip's bytes: the SHA-256, and what a streaming
 * extractor (one that reads local headers, never the central directory)
 * would see. Every local header must agree with its central record, the
 * entries must tile the data from byte 0 to the central directory (bytes
 * that belong to no entry could hold local headers the directory does not
 * list), and each link entry's target is read for the path rules.
 */






const inspect_local_LOCAL_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
const FLAG_DESCRIPTOR = 1 << 3;
/** Bits 1-2 only hint at the deflate level; they change nothing a reader does. */
const COMPARED_FLAGS = 0xffff & ~0x0006;
/** Linux's PATH_MAX: no longer link target can be created. */
const MAX_TARGET = 4096;
const inspect_local_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
async function readLocals(fh, size, t) {
    const order = Uint32Array.from({ length: t.count }, (_, i) => i).sort((a, b) => (t.offset[a] ?? 0) - (t.offset[b] ?? 0));
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const reader = new SeqReader(fh, 0, size, hash);
    const targets = new Map();
    for (let k = 0; k < order.length; k++) {
        const i = order[k] ?? 0;
        const next = k + 1 < order.length ? order[k + 1] : undefined;
        placed(reader.pos, t, i, k === 0 ? undefined : order[k - 1]);
        await readLocalHeader(reader, t, i);
        if (t.kind[i] === LINK)
            targets.set(i, await readTarget(reader, t, i));
        else
            await reader.skip(t.compressedSize[i] ?? 0);
        if ((t.flags[i] ?? 0) & FLAG_DESCRIPTOR) {
            const end = next === undefined ? t.cdOffset : (t.offset[next] ?? 0);
            await passDescriptor(reader, t, i, end);
        }
    }
    if (reader.pos !== t.cdOffset) {
        const last = order[order.length - 1];
        const after = last === undefined ? '' : ` after entry "${shown(t, last)}"`;
        inspect_local_hidden(t.cdOffset - reader.pos, after);
    }
    await reader.drain();
    return { sha256: hash.digest('hex'), targets };
}
function inspect_local_hidden(bytes, where) {
    refuse(`${bytes} bytes${where} belong to no entry; an extractor reading local headers could find entries there that the central directory does not list`);
}
/** Entry `i` starts exactly where the previous one ended. */
function placed(pos, t, i, previous) {
    const offset = t.offset[i] ?? 0;
    if (offset > pos)
        inspect_local_hidden(offset - pos, ` before entry "${shown(t, i)}"`);
    if (offset < pos && previous !== undefined) {
        refuse(`entry "${shown(t, i)}" starts inside entry "${shown(t, previous)}"; overlapping entries are refused`);
    }
}
async function readLocalHeader(reader, t, i) {
    const h = await reader.take(30);
    if (h.readUInt32LE(0) !== inspect_local_LOCAL_SIG) {
        throw new NotZip(`no local header at offset ${t.offset[i]}`);
    }
    const nameLength = h.readUInt16LE(26);
    const rest = await reader.take(nameLength + h.readUInt16LE(28));
    const name = rest.subarray(0, nameLength);
    const extra = rest.subarray(nameLength);
    const expected = t.rawNames.get(i) ?? Buffer.from(t.names[i] ?? '', 'utf8');
    if (!name.equals(expected)) {
        refuse(`entry "${shown(t, i)}" is named "${shownBytes(name)}" in its local header; an extractor reading local headers would write that name instead`);
    }
    const unicodePath = unicodePathOf(extra);
    if (unicodePath !== undefined)
        checkUnicodePath(t, i, unicodePath);
    const field = disagreement(h, extra, t, i);
    if (field !== undefined) {
        refuse(`entry "${shown(t, i)}": its local header and the central directory disagree on the ${field}; extractors reading either would see different files`);
    }
    t.dataOffset[i] = reader.pos;
}
function shownBytes(name) {
    try {
        return escapeText(inspect_local_UTF8.decode(name));
    }
    catch {
        let out = '';
        for (const b of name) {
            out +=
                b >= 0x20 && b < 0x7f
                    ? String.fromCharCode(b)
                    : `\\x${b.toString(16).padStart(2, '0')}`;
        }
        return out;
    }
}
/**
 * The field a local header states differently from the central record. With
 * a data descriptor (flag bit 3) the header may leave CRC and sizes zero.
 */
function disagreement(h, extra, t, i) {
    const flags = h.readUInt16LE(6);
    if ((flags ^ (t.flags[i] ?? 0)) & COMPARED_FLAGS)
        return 'flags';
    if (h.readUInt16LE(8) !== t.method[i])
        return 'compression method';
    const sizes = zip64Fields(extra, {
        size: h.readUInt32LE(22),
        compressedSize: h.readUInt32LE(18),
        offset: 0
    });
    if (sizes === undefined)
        return 'ZIP64 sizes';
    const crc = h.readUInt32LE(14);
    const deferred = (flags & FLAG_DESCRIPTOR) !== 0;
    if (!(deferred && crc === 0) && crc !== t.crc[i])
        return 'CRC-32';
    const blank = sizes.size === 0 && sizes.compressedSize === 0;
    if (deferred && blank)
        return undefined;
    if (sizes.compressedSize !== t.compressedSize[i])
        return 'compressed size';
    if (sizes.size !== t.size[i])
        return 'size';
    return undefined;
}
/**
 * Passes the data descriptor after entry `i`'s data. Its signature is
 * optional and its sizes are 4 or 8 bytes (ZIP64): the form that states the
 * central record's CRC and sizes, ending where the next entry starts when
 * more than one does, is the one a streaming extractor would read.
 */
async function passDescriptor(reader, t, i, nextStart) {
    const b = await reader.peek(24);
    const fits = [];
    const signed = b.length >= 4 && b.readUInt32LE(0) === DESCRIPTOR_SIG;
    for (const start of signed ? [4, 0] : [0]) {
        for (const wide of [false, true]) {
            const length = start + (wide ? 20 : 12);
            if (length > b.length || b.readUInt32LE(start) !== t.crc[i])
                continue;
            const word = (at) => wide ? Number(b.readBigUInt64LE(at)) : b.readUInt32LE(at);
            const step = wide ? 8 : 4;
            if (word(start + 4) === t.compressedSize[i] &&
                word(start + 4 + step) === t.size[i]) {
                fits.push(length);
            }
        }
    }
    const length = fits.find((n) => reader.pos + n === nextStart) ?? fits[0] ?? undefined;
    if (length === undefined) {
        refuse(`entry "${shown(t, i)}": its data descriptor disagrees with the central directory; extractors reading either would see different files`);
    }
    await reader.skip(length);
}
/** A link entry's target: its (small) data, inflated if need be. */
async function readTarget(reader, t, i) {
    const compressed = t.compressedSize[i] ?? 0;
    const link = `link entry "${shown(t, i)}"`;
    if (compressed > MAX_TARGET * 16) {
        refuse(`${link} has a target longer than ${MAX_TARGET} bytes`);
    }
    const data = await reader.take(compressed);
    let bytes;
    if (t.method[i] === 0)
        bytes = data;
    else if (t.method[i] === 8) {
        try {
            bytes = (0,external_node_zlib_.inflateRawSync)(data, { maxOutputLength: MAX_TARGET });
        }
        catch {
            refuse(`${link} has a target that cannot be inflated or is longer than ${MAX_TARGET} bytes`);
        }
    }
    else {
        refuse(`${link} uses compression method ${t.method[i]}, so where it points cannot be checked`);
    }
    const target = bytes.toString('utf8');
    if (target === '' || target.includes('\0') || bytes.length > MAX_TARGET) {
        refuse(`${link} has an empty or invalid target`);
    }
    return target;
}

;// CONCATENATED MODULE: ./src/package/inspect-source.ts
/*
 * An entry's uncompressed bytes inside a given zip, as a ByteSource for the
 * ELF reader (checks/native-scan.ts). Stored entries are read in place with
 * bounded positional reads; deflated ones are inflated once, and no further
 * than `maxBytes`, so a huge or hostile entry costs at most that much memory.
 */



/** The shape a default cap would have: ELF headers and tables sit early. */
const ENTRY_SOURCE_MAX_BYTES = 32 * 1024 * 1024;
function entrySource(zipPath, entry, maxBytes = ENTRY_SOURCE_MAX_BYTES) {
    if (entry.method === 0)
        return storedSource(zipPath, entry);
    if (entry.method === 8)
        return inflatedSource(zipPath, entry, maxBytes);
    // Another method cannot be read here: every read comes back short.
    return { size: entry.size, read: () => Promise.resolve(new Uint8Array(0)) };
}
/**
 * Each read opens the archive for itself: a ByteSource has no close, and
 * the ELF reader's reads go through a one-block cache, so they are few.
 */
function storedSource(zipPath, entry) {
    const size = entry.size;
    return {
        size,
        async read(offset, length) {
            const n = Math.max(0, Math.min(length, size - offset));
            if (n === 0 || offset < 0)
                return new Uint8Array(0);
            const handle = await (0,promises_.open)(zipPath, 'r');
            try {
                const buffer = Buffer.allocUnsafe(n);
                const at = entry.dataOffset + offset;
                const { bytesRead } = await handle.read(buffer, 0, n, at);
                return buffer.subarray(0, bytesRead);
            }
            finally {
                await handle.close();
            }
        }
    };
}
function inflatedSource(zipPath, entry, maxBytes) {
    let bytes;
    return {
        size: entry.size,
        async read(offset, length) {
            bytes ??= inflatePrefix(zipPath, entry, Math.min(maxBytes, entry.size));
            const all = await bytes;
            if (offset < 0)
                return new Uint8Array(0);
            return all.subarray(offset, offset + length);
        }
    };
}
/** The first `limit` uncompressed bytes of a deflated entry. */
async function inflatePrefix(zipPath, entry, limit) {
    if (limit <= 0 || entry.compressedSize === 0)
        return Buffer.alloc(0);
    const input = (0,external_node_fs_.createReadStream)(zipPath, {
        start: entry.dataOffset,
        end: entry.dataOffset + entry.compressedSize - 1
    });
    const inflate = (0,external_node_zlib_.createInflateRaw)();
    input.on('error', (err) => inflate.destroy(err));
    input.pipe(inflate);
    const chunks = [];
    let total = 0;
    try {
        for await (const chunk of inflate) {
            chunks.push(chunk);
            total += chunk.length;
            if (total >= limit)
                break;
        }
    }
    finally {
        input.destroy();
        inflate.destroy();
    }
    return Buffer.concat(chunks, Math.min(total, limit));
}

;// CONCATENATED MODULE: ./src/package/inspect.ts









/**
 * Facts about a ready zip (the `zip-file` input), checked the way any
 * extractor could read it, since it is published as is: the central
 * directory (what unzip and most extractors read) and the local headers
 * (what a streaming extractor reads) must agree, and no entry, nor any link entry's
 * target, may land outside the layer root. Every refusal is an InputError
 * naming `zip-file`, the entry and the rule, raised before any write.
 *
 * Reading is streamed with bounded buffers, not done by adm-zip: adm-zip
 * reads the whole archive into memory, and a layer archive may be 250 MB
 * with 100,000 entries. The one full pass over the file computes the SHA-256
 * and reads every local header on the way.
 */
async function inspectZip(path) {
    const { entries: _entries, ...info } = await inspectArchive(path);
    return info;
}
/** inspectZip's facts and every entry, for the checks that read the files. */
async function inspectArchive(path) {
    const abs = (0,external_node_path_.resolve)(path);
    const { fh, size } = await openRegular(abs);
    try {
        return await inspectOpen(fh, abs, size);
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        const why = err instanceof NotZip ? err.message : (0,errors/* errorMessage */.gJ)(err);
        throw new errors/* InputError */.dz('zip-file', `is not a readable zip archive: ${abs} (${why})`, { cause: err });
    }
    finally {
        await fh.close().catch(() => undefined);
    }
}
async function openRegular(abs) {
    try {
        const fh = await (0,promises_.open)(abs, 'r');
        const st = await fh.stat();
        if (!st.isFile()) {
            await fh.close();
            throw new Error('not a regular file');
        }
        return { fh, size: st.size };
    }
    catch (err) {
        throw new errors/* InputError */.dz('zip-file', `file not found: ${abs} (${(0,errors/* errorMessage */.gJ)(err)})`, { cause: err });
    }
}
async function inspectOpen(fh, abs, size) {
    // Names are judged as each record is read, so a bad one fails first.
    const t = await readCentralTable(fh, size, (table, i, extras) => {
        if ((table.flags[i] ?? 0) & 1) {
            throw new errors/* InputError */.dz('zip-file', `entry "${shown(table, i)}" is encrypted; a layer cannot be extracted from it`);
        }
        checkName(table, i, table.names[i] ?? '');
        if (extras.unicodePath !== undefined) {
            checkUnicodePath(table, i, extras.unicodePath);
        }
    });
    const index = indexPaths(t);
    checkParents(t, index);
    checkHasFile(t);
    const { sha256, targets } = await readLocals(fh, size, t);
    checkLinks(t, index, targets);
    const names = [...t.names].sort(compareUtf8);
    const filesSha256 = (0,fingerprint/* fingerprintInComment */.lI)(t.comment);
    return {
        path: abs,
        size,
        sha256,
        unzippedSize: t.size.reduce((sum, n) => sum + n, 0),
        entryCount: names.length,
        names,
        ...(filesSha256 !== undefined && { filesSha256 }),
        entries: entriesOf(t)
    };
}
/**
 * The order of the names' UTF-8 bytes (the writer's archive order) without
 * encoding 100,000 names on every comparison: UTF-16 units compare like code
 * points once surrogates are moved above U+E000-U+FFFF.
 */
function compareUtf8(a, b) {
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
        const x = a.charCodeAt(k);
        const y = b.charCodeAt(k);
        if (x !== y)
            return codePointRank(x) - codePointRank(y);
    }
    return a.length - b.length;
}
function codePointRank(unit) {
    if (unit >= 0xe000)
        return unit - 0x800;
    return unit >= 0xd800 ? unit + 0x2000 : unit;
}
function entriesOf(t) {
    const entries = [];
    for (let i = 0; i < t.count; i++) {
        entries.push({
            name: t.names[i] ?? '',
            size: t.size[i] ?? 0,
            mode: t.mode[i] ?? 0,
            kind: KINDS[t.kind[i] ?? 0] ?? 'file',
            method: t.method[i] ?? 0,
            compressedSize: t.compressedSize[i] ?? 0,
            dataOffset: t.dataOffset[i] ?? 0
        });
    }
    return entries;
}

;// CONCATENATED MODULE: ./src/package/index.ts







/***/ })

};

//# sourceMappingURL=917.index.js.map