export const id = 580;
export const ids = [580];
export const modules = {

/***/ 3580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  digestFiles: () => (/* reexport */ digestFiles),
  inspectZip: () => (/* reexport */ inspectZip),
  maxArchiveSize: () => (/* reexport */ maxArchiveSize),
  selectFiles: () => (/* reexport */ selectFiles),
  writeZip: () => (/* reexport */ writeZip)
});

// UNUSED EXPORTS: FINGERPRINT_TAIL_BYTES, fingerprintOf

// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(2377);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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
    const base = external_node_path_.resolve(opts.baseDirectory);
    let realBase;
    try {
        realBase = realpath(base);
    }
    catch (err) {
        throw new errors/* InputError */.dz('base-directory', `cannot be read: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
    }
    const follow = opts.symlinks === 'follow';
    const lines = toGlobLines(opts.patterns, base);
    const listed = lines.some((l) => !l.startsWith('!'))
        ? await runGlob(lines, follow, base)
        : [];
    const found = [...new Set(listed)];
    if (found.length === 0) {
        throw new errors/* InputError */.dz('path', `no file matched the patterns: ${opts.patterns.join(', ')} (relative to ${base})`);
    }
    const ctx = { base, realBase, prefix: opts.prefix, dirs: new Map() };
    // Synchronous: nothing else runs while files are selected, and a sync
    // lstat costs a fraction of a promise round trip through the thread pool.
    const entries = found.map((p) => follow ? followEntry(ctx, p) : preserveEntry(ctx, p));
    const keyed = entries.map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    return keyed.map((k) => k.e);
}
/** Anchors each pattern at the base; refuses an include that leaves it. */
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
            if (include && !isInside(base, pattern, true)) {
                throw new errors/* InputError */.dz('path', `pattern "${raw.trim()}" is outside base-directory (${base})`);
            }
            lines.push(bangs + pattern);
            continue;
        }
        if (include && !isInside(base, external_node_path_.resolve(base, pattern), true)) {
            throw new errors/* InputError */.dz('path', `pattern "${raw.trim()}" points outside base-directory (${base})`);
        }
        lines.push(`${bangs}${escapedBase}/${pattern}`);
    }
    return lines;
}
// As @actions/glob escapes literal paths (its Pattern.globEscape).
function globEscape(s) {
    return (process.platform === 'win32' ? s : s.replace(/\\/g, '\\\\'))
        .replace(/(\[)(?=[^/]+\])/g, '[[]')
        .replace(/\?/g, '[?]')
        .replace(/\*/g, '[*]');
}
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
 * The files @actions/glob would list for `lines` (absolute patterns), found
 * by a faster walk over its own patterns. Exported for the test that holds
 * the two to the same answers.
 */
async function runGlob(lines, follow, base) {
    const globber = await glob/* create */.v(lines.join('\n'), globOptions(follow));
    try {
        const patterns = patternsOf(globber);
        return patterns ? walk(patterns, follow) : await globber.glob();
    }
    catch (err) {
        const m = /No information found for the path '(.*)'/.exec((0,errors/* errorMessage */.gJ)(err));
        if (m?.[1]) {
            const name = toName(base, m[1]);
            let target = '?';
            try {
                target = (0,external_node_fs_.readlinkSync)(m[1]);
            }
            catch {
                // Reported as '?'.
            }
            throw new errors/* InputError */.dz('symlinks', `link ${name} -> ${target} is dangling (its target does not exist)`, { cause: err });
        }
        throw new errors/* PackagingError */.yr(`could not list the files to package: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
    }
}
function followEntry(ctx, p) {
    const name = entryName(ctx, p);
    const dirReal = realDir(ctx, external_node_path_.dirname(p));
    let st = (0,external_node_fs_.lstatSync)(p);
    let real = external_node_path_.join(dirReal, external_node_path_.basename(p));
    if (st.isSymbolicLink()) {
        const target = (0,external_node_fs_.readlinkSync)(p);
        try {
            real = realpath(p);
        }
        catch (err) {
            throw new errors/* InputError */.dz('symlinks', `link ${name} -> ${target} is dangling (its target does not exist)`, { cause: err });
        }
        if (!isInside(ctx.realBase, real, false)) {
            throw new errors/* InputError */.dz('symlinks', `link ${name} -> ${target} resolves outside base-directory`);
        }
        st = (0,external_node_fs_.statSync)(real);
    }
    if (!isInside(ctx.realBase, real, false)) {
        // A directory on the way was a link leading out of the base.
        const link = escapingLink(ctx, p);
        throw new errors/* InputError */.dz('symlinks', `link ${link.name} -> ${link.target} resolves outside base-directory`);
    }
    return fileEntry(name, real, st);
}
function preserveEntry(ctx, p) {
    const name = entryName(ctx, p);
    const st = (0,external_node_fs_.lstatSync)(p);
    const dirReal = realDir(ctx, external_node_path_.dirname(p));
    if (!isInside(ctx.realBase, dirReal, true)) {
        throw new errors/* InputError */.dz('path', `${name} is not inside base-directory`);
    }
    const real = external_node_path_.join(dirReal, external_node_path_.basename(p));
    if (!st.isSymbolicLink())
        return fileEntry(name, real, st);
    const text = (0,external_node_fs_.readlinkSync)(p);
    const lexical = external_node_path_.resolve(dirReal, text);
    let target;
    try {
        target = realpath(lexical);
    }
    catch (err) {
        if (!isInside(ctx.realBase, lexical, true)) {
            throw new errors/* InputError */.dz('symlinks', `link ${name} -> ${text} resolves outside base-directory`);
        }
        throw new errors/* InputError */.dz('symlinks', `link ${name} -> ${text} is dangling (its target does not exist)`, { cause: err });
    }
    if (!isInside(ctx.realBase, target, true)) {
        throw new errors/* InputError */.dz('symlinks', `link ${name} -> ${text} resolves outside base-directory`);
    }
    const kept = !external_node_path_.isAbsolute(text) && isInside(ctx.realBase, lexical, true)
        ? external_node_path_.relative(dirReal, lexical)
        : external_node_path_.relative(dirReal, target);
    const linkTarget = (kept === '' ? '.' : kept).split(external_node_path_.sep).join('/');
    return {
        name,
        kind: 'symlink',
        sourcePath: real,
        mode: 0o777,
        size: Buffer.byteLength(linkTarget, 'utf8'),
        linkTarget
    };
}
function fileEntry(name, real, st) {
    if (!st.isFile()) {
        throw new errors/* PackagingError */.yr(`${name} is not a regular file (sockets, FIFOs and devices cannot go into a layer)`);
    }
    return {
        name,
        kind: 'file',
        sourcePath: real,
        mode: st.mode & 0o111 ? 0o755 : 0o644,
        size: st.size
    };
}
function realDir(ctx, dir) {
    let p = ctx.dirs.get(dir);
    if (p === undefined) {
        p = realpath(dir);
        ctx.dirs.set(dir, p);
    }
    return p;
}
/** One system call, as fs.promises.realpath (the JS version lstats each component). */
function realpath(p) {
    return external_node_fs_.realpathSync.native(p);
}
/** The first link on `p`'s way down from the base whose target leaves it. */
function escapingLink(ctx, p) {
    const parts = external_node_path_.relative(ctx.base, p).split(external_node_path_.sep);
    let at = ctx.base;
    for (const part of parts) {
        at = external_node_path_.join(at, part);
        const st = (0,external_node_fs_.lstatSync)(at);
        if (!st.isSymbolicLink())
            continue;
        const real = realpath(at);
        if (!isInside(ctx.realBase, real, true)) {
            return { name: entryName(ctx, at), target: (0,external_node_fs_.readlinkSync)(at) };
        }
    }
    return { name: entryName(ctx, p), target: realpath(p) };
}
function entryName(ctx, p) {
    const rel = toName(ctx.base, p);
    if (!isInside(ctx.base, p, false)) {
        throw new errors/* InputError */.dz('path', `matched ${p}, which is outside base-directory (${ctx.base})`);
    }
    if (rel.includes('\\')) {
        throw new errors/* InputError */.dz('path', `file name "${rel}" contains a backslash, which unzip tools read as a folder separator`);
    }
    const name = ctx.prefix === '' ? rel : `${ctx.prefix}/${rel}`;
    const segments = name.split('/');
    if (name.startsWith('/') ||
        segments.some((s) => s === '' || s === '.' || s === '..')) {
        throw new errors/* InputError */.dz('path', `entry name "${name}" is not a safe relative path`);
    }
    return name;
}
function toName(base, p) {
    const rel = below(base, p) ?? external_node_path_.relative(base, p);
    return external_node_path_.sep === '/' ? rel : rel.split(external_node_path_.sep).join('/');
}
/**
 * `p` relative to `dir` when `p` is a normalised path below it, by string
 * prefix: selection calls this for every file, and path.relative resolves
 * both paths each time.
 */
function below(dir, p) {
    if (external_node_path_.sep !== '/')
        return undefined;
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    if (!p.startsWith(prefix) || p.length === prefix.length)
        return undefined;
    const rel = p.slice(prefix.length);
    // Only a normalised remainder: no empty, `.` or `..` segment.
    return rel.includes('//') || /(^|\/)\.\.?(\/|$)/.test(rel) ? undefined : rel;
}
/** Whether `p` is `dir` itself (when allowed) or below it. */
function isInside(dir, p, allowSame) {
    if (below(dir, p) !== undefined)
        return true;
    const rel = external_node_path_.relative(dir, p);
    if (rel === '')
        return allowSame;
    return (rel !== '..' && !rel.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(rel));
}
// MatchKind.File in @actions/glob.
const MATCH_FILE = 2;
/** The globber's parsed patterns, or undefined if its shape is not the known one. */
function patternsOf(globber) {
    const patterns = globber.patterns;
    if (!Array.isArray(patterns) || patterns.length === 0)
        return undefined;
    const known = patterns.every((p) => typeof p?.match === 'function' &&
        typeof p.partialMatch === 'function' &&
        typeof p.searchPath === 'string' &&
        Array.isArray(p.segments) &&
        typeof p.negate === 'boolean');
    return known ? patterns : undefined;
}
/**
 * @actions/glob's search (its globGenerator, with the options runGlob
 * passes), done with synchronous readdir and the directory entries' types,
 * so that a file needs no stat of its own here: a tree of 20,000 files is
 * listed in a tenth of the time, with the same result.
 */
function walk(own, follow) {
    const patterns = [];
    for (const p of own) {
        patterns.push(p);
        // implicitDescendants
        if (p.trailingSeparator || p.segments[p.segments.length - 1] !== '**') {
            const Pattern = p.constructor;
            patterns.push(new Pattern(p.negate, true, p.segments.concat('**')));
        }
    }
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
    for (const searchPath of searchPaths(includes)) {
        try {
            (0,external_node_fs_.lstatSync)(searchPath);
        }
        catch (err) {
            if (err.code === 'ENOENT')
                continue;
            throw err;
        }
        stack.unshift({ path: searchPath, level: 1 });
    }
    const found = [];
    const chain = [];
    for (let item = stack.pop(); item; item = stack.pop()) {
        const match = matchKind(item.path);
        const partial = match !== 0 || includes.some((p) => p.partialMatch(item.path));
        if (!partial)
            continue;
        let dir = item.dir;
        if (dir === undefined) {
            let st;
            try {
                st = follow ? (0,external_node_fs_.statSync)(item.path) : (0,external_node_fs_.lstatSync)(item.path);
            }
            catch (err) {
                if (err.code === 'ENOENT') {
                    throw new Error(`No information found for the path '${item.path}'. This may indicate a broken symbolic link.`);
                }
                throw err;
            }
            dir = st.isDirectory();
        }
        if (dir) {
            if (follow) {
                // A link back up the tree would recurse for ever.
                const real = realpath(item.path);
                chain.length = Math.min(chain.length, item.level - 1);
                if (chain.includes(real))
                    continue;
                chain.push(real);
            }
            const children = (0,external_node_fs_.readdirSync)(item.path, { withFileTypes: true });
            for (let i = children.length - 1; i >= 0; i--) {
                const d = children[i];
                const known = d.isDirectory() ? true : d.isFile() ? false : undefined;
                stack.push({
                    path: external_node_path_.join(item.path, d.name),
                    level: item.level + 1,
                    ...(known !== undefined && { dir: known })
                });
            }
        }
        else if (match & MATCH_FILE) {
            found.push(item.path);
        }
    }
    return found;
}
/** @actions/glob's getSearchPaths: each include's root, none under another. */
function searchPaths(includes) {
    const roots = new Set(includes.map((p) => p.searchPath));
    const result = [];
    const included = new Set();
    for (const p of includes) {
        const key = p.searchPath;
        if (included.has(key))
            continue;
        let ancestor = false;
        for (let child = key, parent = external_node_path_.dirname(key); parent !== child;) {
            if (roots.has(parent)) {
                ancestor = true;
                break;
            }
            child = parent;
            parent = external_node_path_.dirname(parent);
        }
        if (!ancestor) {
            result.push(key);
            included.add(key);
        }
    }
    return result;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/package/crc32.ts

// zlib.crc32 arrived in Node 20.15 / 22.2; an older runtime gets the table.
const crc32_native = external_node_zlib_.crc32;
let table;
function tableCrc32(data, value = 0) {
    if (!table) {
        table = new Uint32Array(256);
        for (let n = 0; n < 256; n++) {
            let c = n;
            for (let k = 0; k < 8; k++)
                c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            table[n] = c >>> 0;
        }
    }
    const t = table;
    let crc = ~value >>> 0;
    for (let i = 0; i < data.length; i++) {
        crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    }
    return ~crc >>> 0;
}
/** CRC-32 (ISO-HDLC, as zip uses), continuing from `value`. */
function crc32(data, value = 0) {
    return crc32_native ? crc32_native(data, value) >>> 0 : tableCrc32(data, value);
}
/** Exported for the tests: the fallback must agree with zlib. */
const crc32Table = (/* unused pure expression or super */ null && (tableCrc32));
function gf2Times(mat, vec) {
    let sum = 0;
    for (let i = 0; vec !== 0; i++, vec >>>= 1) {
        if (vec & 1)
            sum ^= mat[i];
    }
    return sum >>> 0;
}
function gf2Square(square, mat) {
    for (let n = 0; n < 32; n++)
        square[n] = gf2Times(mat, mat[n]);
}
/**
 * CRC of A+B from crc(A), crc(B) and B's length (zlib's crc32_combine, which
 * Node does not expose): chunks of one file are checksummed in parallel.
 */
function crc32Combine(crc1, crc2, len2) {
    if (len2 <= 0)
        return crc1 >>> 0;
    const even = new Uint32Array(32);
    const odd = new Uint32Array(32);
    odd[0] = 0xedb88320;
    for (let n = 1, row = 1; n < 32; n++, row <<= 1)
        odd[n] = row;
    gf2Square(even, odd);
    gf2Square(odd, even);
    let len = len2;
    let crc = crc1 >>> 0;
    for (;;) {
        gf2Square(even, odd);
        if (len % 2 === 1)
            crc = gf2Times(even, crc);
        len = Math.floor(len / 2);
        if (len === 0)
            break;
        gf2Square(odd, even);
        if (len % 2 === 1)
            crc = gf2Times(odd, crc);
        len = Math.floor(len / 2);
        if (len === 0)
            break;
    }
    return (crc ^ crc2) >>> 0;
}

// EXTERNAL MODULE: ./src/package/fingerprint.ts
var fingerprint = __webpack_require__(8080);
;// CONCATENATED MODULE: ./src/package/zip.ts








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
 *   probe does not shrink by 2 %, the whole file is stored.
 *
 * All deflating runs on libuv's thread pool (zlib's async API): no worker
 * threads, so no extra V8 isolates, and memory is the budget plus a few
 * deflate states.
 */
const PROBE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const DICT_BYTES = 32 * 1024;
const LANES = 4;
const DEFAULT_BUDGET = 16 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;
// Larger files are written as they are compressed, their local header
// patched afterwards; smaller ones wait until the whole file is ready.
const STREAM_ABOVE = 2 * 1024 * 1024;
const FLUSH_BYTES = 1024 * 1024;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
// 1980-01-01 00:00:00, the earliest MS-DOS date: mtimes never reach the zip.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
const MADE_BY_UNIX = (3 << 8) | 30;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const FLAG_UTF8 = 1 << 11;
const ONE_BYTE = Buffer.alloc(1);
const HEADER = Buffer.alloc(30 + 0xffff + 20);
const OPEN_FLAGS = external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0);
const { Z_SYNC_FLUSH, Z_FINISH } = external_node_zlib_.constants;
const zip_crc32 = typeof external_node_zlib_.crc32 === 'function'
    ? (data) => external_node_zlib_.crc32(data) >>> 0
    : (data) => crc32(data);
const DONE = { kind: 'done' };
class Deferred {
    promise;
    resolve;
    reject;
    settled = false;
    constructor() {
        this.promise = new Promise((res, rej) => {
            this.resolve = (v) => {
                this.settled = true;
                res(v);
            };
            this.reject = (e) => {
                this.settled = true;
                rej(e);
            };
        });
        // Rejections are awaited by the writer in order; the rest are moot.
        this.promise.catch(() => undefined);
    }
}
/**
 * Writes `entries` as a deterministic zip at `outPath`.
 *
 * Files are read ahead of the writer, within a fixed memory budget, and
 * compressed on libuv's thread pool; entries are written strictly in name
 * order. An entry of up to 2 MiB (or a quarter of the budget) is written
 * with its CRC and sizes in the local header (as Info-ZIP does); a larger
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
    const budget = Math.max(opts.memoryBudgetBytes ?? DEFAULT_BUDGET, 1 << 20);
    // A file written whole holds about twice its size of the ring at once.
    const streamAbove = Math.max(2 * PROBE_BYTES, Math.min(STREAM_ABOVE, Math.floor(budget / 8)));
    const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
    const sorted = sortAndCheck(entries);
    const units = planUnits(sorted);
    const path = (0,external_node_path_.resolve)(outPath);
    const out = await Output.create(path);
    const gate = new Ring(budget);
    const engine = new Engine(level, concurrency);
    const digest = new fingerprint/* FilesDigest */.Ko(level);
    const dispatching = dispatch(sorted, units, engine, gate, digest).catch((err) => {
        for (const u of units) {
            if (u.kind === 'small' && !u.piece.settled)
                u.piece.reject(err);
            if (u.kind === 'large') {
                for (const p of u.pieces)
                    if (!p.settled)
                        p.reject(err);
            }
        }
    });
    try {
        const written = [];
        for (let i = 0; i < units.length; i++) {
            const unit = units[i];
            if (unit.kind === 'done')
                continue;
            if (unit.kind === 'link') {
                const e = unit.entry;
                const w = entryRecord(e, 0, zip_crc32(unit.data), unit.data.length, out.pos);
                w.compressedSize = unit.data.length;
                await out.append(localHeader(w));
                await out.append(unit.data);
                written.push(w);
            }
            else if (unit.kind === 'small') {
                const p = await unit.piece.promise;
                const w = entryRecord(unit.entry, p.method, p.crc, p.size, out.pos);
                w.compressedSize = p.data.length;
                await out.append(localHeader(w));
                await out.append(p.data);
                gate.release();
                written.push(w);
            }
            else if (unit.entry.size > streamAbove) {
                written.push(await writeStreamed(unit, out, gate));
            }
            else {
                written.push(await writeWhole(unit, out, gate));
            }
            // Written units let go of their buffers (a settled promise keeps its value).
            units[i] = DONE;
        }
        // Every file has been read (and digested) once the last one is written.
        await dispatching;
        const filesSha256 = digest.hex();
        await out.append(centralDirectory(written, out.pos, (0,fingerprint/* fingerprintComment */.k$)(filesSha256)));
        const info = await out.finish();
        return {
            path,
            size: info.size,
            sha256: info.sha256,
            unzippedSize: written.reduce((sum, w) => sum + w.size, 0),
            entryCount: written.length,
            names: sorted.map((e) => e.name),
            filesSha256
        };
    }
    catch (err) {
        await out.abort();
        throw err instanceof errors/* PackagingError */.yr
            ? err
            : new errors/* PackagingError */.yr(`could not write ${path}: ${(0,errors/* errorMessage */.gJ)(err)}`, {
                cause: err
            });
    }
    finally {
        gate.abort();
        await dispatching;
        engine.close();
    }
}
/**
 * An upper bound on the size of the archive writeZip makes of `entries`,
 * known without compressing: an entry is stored when deflate does not pay,
 * so it never takes much more than its size plus its headers.
 */
function maxArchiveSize(entries) {
    let total = 22 + 56 + 20 + 0xffff;
    for (const e of entries) {
        const name = Buffer.byteLength(e.name, 'utf8');
        // Headers with ZIP64 extras, plus deflate's worst case per 16 KiB block.
        total +=
            e.size + 30 + 46 + 2 * name + 48 + 5 * Math.ceil(e.size / 16384) + 64;
    }
    return total;
}
function sortAndCheck(entries) {
    const keyed = entries.map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    for (let i = 0; i < keyed.length; i++) {
        const { e, key } = keyed[i];
        if (i > 0 && key.equals(keyed[i - 1].key)) {
            throw new errors/* PackagingError */.yr(`two entries are named ${e.name}`);
        }
        if (key.length > MAX16) {
            throw new errors/* PackagingError */.yr(`entry name too long: ${e.name.slice(0, 80)}…`);
        }
        if (e.kind === 'symlink' && e.linkTarget === undefined) {
            throw new errors/* PackagingError */.yr(`link ${e.name} has no target`);
        }
    }
    return keyed.map((k) => k.e);
}
function planUnits(sorted) {
    const units = [];
    let small = 0;
    for (const e of sorted) {
        if (e.kind === 'symlink') {
            const data = Buffer.from(e.linkTarget ?? '', 'utf8');
            units.push({ kind: 'link', entry: e, data });
        }
        else if (e.size <= PROBE_BYTES) {
            const lane = small++ % LANES;
            units.push({ kind: 'small', entry: e, lane, piece: new Deferred() });
        }
        else {
            const ranges = [[0, PROBE_BYTES]];
            for (let off = PROBE_BYTES; off < e.size; off += CHUNK_BYTES) {
                ranges.push([off, Math.min(off + CHUNK_BYTES, e.size)]);
            }
            const pieces = ranges.map(() => new Deferred());
            units.push({ kind: 'large', entry: e, ranges, pieces });
        }
    }
    return units;
}
/** Reads and starts compressing in archive order, as far ahead as the budget allows. */
async function dispatch(sorted, units, engine, gate, digest) {
    for (const [i, entry] of sorted.entries()) {
        // The writer may already have written (and dropped) a link unit.
        const unit = units[i];
        digest.entry(entry);
        if (entry.kind === 'symlink') {
            digest.data(Buffer.from(entry.linkTarget ?? '', 'utf8'));
        }
        else if (unit.kind === 'small') {
            const e = unit.entry;
            // The file, then room for its compressed form (kept only if smaller).
            const region = await gate.acquire(2 * e.size);
            const data = readRange(e, 0, e.size, true, region);
            digest.data(data);
            const room = region.subarray(e.size);
            forward(engine.small(unit.lane, data, room), unit.piece);
        }
        else if (unit.kind === 'large') {
            const e = unit.entry;
            let store;
            for (const [i, [start, end]] of unit.ranges.entries()) {
                const last = i === unit.ranges.length - 1;
                const d = unit.pieces[i];
                if (store) {
                    const region = await gate.acquire(end - start);
                    const data = readRange(e, start, end, last, region);
                    digest.data(data);
                    d.resolve({ method: 0, crc: zip_crc32(data), size: data.length, data });
                    continue;
                }
                const from = i === 0 ? 0 : Math.max(0, start - DICT_BYTES);
                // Dictionary and chunk, then room for the chunk compressed.
                const region = await gate.acquire(end - from + (end - start));
                const buf = readRange(e, from, end, last, region);
                digest.data(buf.subarray(start - from));
                const room = region.subarray(end - from);
                const piece = engine.chunk(buf, start - from, last, i === 0, room);
                forward(piece, d);
                // Later chunks depend on the probe's verdict.
                if (store === undefined)
                    store = (await piece).method === 0;
            }
        }
    }
}
/** Copies `parts` into the start of `room`. */
function gather(parts, room) {
    let at = 0;
    for (const part of parts)
        at += part.copy(room, at);
    return room.subarray(0, at);
}
function forward(p, d) {
    p.then((v) => d.resolve(v), (e) => d.reject(e));
}
/** Reads exactly [start, end) of a file; `checkEof` also proves nothing follows. */
function readRange(e, start, end, checkEof, into) {
    const length = end - start;
    const buf = into.subarray(0, length);
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(e.sourcePath, OPEN_FLAGS);
    }
    catch (err) {
        throw new errors/* PackagingError */.yr(`cannot read ${e.name} (${e.sourcePath}): ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
    }
    try {
        let got = 0;
        while (got < length) {
            const n = (0,external_node_fs_.readSync)(fd, buf, got, length - got, start + got);
            if (n === 0)
                throw changed(e);
            got += n;
        }
        if (checkEof && (0,external_node_fs_.readSync)(fd, ONE_BYTE, 0, 1, end) !== 0) {
            throw changed(e);
        }
        return buf;
    }
    catch (err) {
        if (err instanceof errors/* PackagingError */.yr)
            throw err;
        throw new errors/* PackagingError */.yr(`cannot read ${e.name} (${e.sourcePath}): ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * The fingerprint writeZip would store for `entries`, without building the
 * archive: every file read once, as the writer reads it (the page cache
 * makes this cheap beside deflate).
 */
function digestFiles(entries, level = 6) {
    const digest = new fingerprint/* FilesDigest */.Ko(level);
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (const e of sortAndCheck(entries)) {
        digest.entry(e);
        if (e.kind === 'symlink') {
            digest.data(Buffer.from(e.linkTarget ?? '', 'utf8'));
            continue;
        }
        for (let start = 0; start < e.size || start === 0; start += CHUNK_BYTES) {
            const end = Math.min(e.size, start + CHUNK_BYTES);
            digest.data(readRange(e, start, end, end === e.size, buf));
            if (end === e.size)
                break;
        }
    }
    return digest.hex();
}
function changed(e) {
    return new errors/* PackagingError */.yr(`${e.name} (${e.sourcePath}) changed size while being packaged`);
}
// Not shrinking by 2% is not worth an inflate on every cold start.
function worthDeflating(inLen, outLen) {
    return outLen * 50 <= inLen * 49;
}
/**
 * zlib on libuv's thread pool: LANES reusable streams for small files, and
 * one-shot deflates (at most `concurrency` at once) for chunks of large ones.
 */
class Engine {
    level;
    concurrency;
    lanes;
    running = 0;
    waiting = [];
    constructor(level, concurrency) {
        this.level = level;
        this.concurrency = concurrency;
        this.lanes = Array.from({ length: LANES }, () => new Lane(level));
    }
    /** `room` (as long as `data`) receives the compressed bytes. */
    async small(lane, data, room) {
        const crc = zip_crc32(data);
        const stored = { method: 0, crc, size: data.length, data };
        if (data.length === 0)
            return stored;
        const parts = await this.lanes[lane].deflate(data);
        let length = 0;
        for (const part of parts)
            length += part.length;
        if (!worthDeflating(data.length, length))
            return stored;
        return { method: 8, crc, size: data.length, data: gather(parts, room) };
    }
    /** `buf` is the dictionary (its first `dictLength` bytes), then the chunk. */
    async chunk(buf, dictLength, last, probe, room) {
        const data = buf.subarray(dictLength);
        const crc = zip_crc32(data);
        const opts = {
            level: this.level,
            finishFlush: last ? Z_FINISH : Z_SYNC_FLUSH,
            chunkSize: 256 * 1024
        };
        if (dictLength > 0)
            opts.dictionary = buf.subarray(0, dictLength);
        while (this.running >= this.concurrency) {
            await new Promise((r) => this.waiting.push(r));
        }
        this.running++;
        let out;
        try {
            out = await new Promise((res, rej) => external_node_zlib_.deflateRaw(data, opts, (err, result) => err ? rej(err) : res(result)));
        }
        finally {
            this.running--;
            this.waiting.shift()?.();
        }
        if (probe && !worthDeflating(data.length, out.length)) {
            return { method: 0, crc, size: data.length, data };
        }
        // Output larger than its input (kept: the file may still shrink overall)
        // stays in zlib's buffer.
        const kept = out.length <= room.length ? gather([out], room) : out;
        return { method: 8, crc, size: data.length, data: kept };
    }
    close() {
        for (const lane of this.lanes)
            lane.close();
    }
}
/** A deflate stream reused file after file: write with Z_FINISH, collect, reset. */
class Lane {
    stream;
    parts = [];
    tail = Promise.resolve();
    failed;
    constructor(level) {
        this.stream = external_node_zlib_.createDeflateRaw({ level, flush: Z_FINISH });
        this.stream.on('data', (d) => this.parts.push(d));
        this.stream.on('error', (err) => (this.failed = err));
    }
    /** Deflates `data` as one whole raw deflate stream; calls run in order. */
    deflate(data) {
        const run = () => new Promise((res, rej) => {
            if (this.failed)
                return rej(this.failed);
            this.stream.write(data, (err) => {
                if (err)
                    return rej(err);
                // Anything still buffered is emitted as 'data' by read().
                while (this.stream.read() !== null)
                    ;
                const parts = this.parts;
                this.parts = [];
                this.stream.reset();
                res(parts);
            });
        });
        const p = this.tail.then(run);
        this.tail = p.catch(() => undefined);
        return p;
    }
    close() {
        this.stream.destroy();
    }
}
/** All pieces first, then the entry with its sizes known. */
async function writeWhole(unit, out, gate) {
    const e = unit.entry;
    const pieces = [];
    for (const d of unit.pieces)
        pieces.push(await d.promise);
    const { crc, size, compressedSize } = combine(pieces);
    if (size !== e.size)
        throw changed(e);
    let method = pieces[0].method;
    const w = entryRecord(e, method, crc, size, out.pos);
    if (method === 8 && compressedSize >= size)
        method = 0;
    w.method = method;
    if (method === 0) {
        // Deflate did not pay off over the whole file: store it.
        w.compressedSize = size;
        await out.append(localHeader(w));
        if (pieces[0]?.method === 0) {
            for (const p of pieces)
                await out.append(p.data);
        }
        else {
            await copyRaw(e, out);
        }
    }
    else {
        w.compressedSize = compressedSize;
        await out.append(localHeader(w));
        for (const p of pieces)
            await out.append(p.data);
    }
    for (let i = 0; i < pieces.length; i++)
        gate.release();
    return w;
}
function combine(pieces) {
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    for (const p of pieces) {
        crc = size === 0 ? p.crc : crc32Combine(crc, p.crc, p.size);
        size += p.size;
        compressedSize += p.data.length;
    }
    return { crc, size, compressedSize };
}
async function writeStreamed(unit, out, gate) {
    const e = unit.entry;
    await out.pauseHash();
    const w = entryRecord(e, 8, 0, e.size, out.pos);
    const headerLength = localHeader(w).length;
    await out.append(Buffer.alloc(headerLength));
    const dataStart = out.pos;
    let crc = 0;
    let done = 0;
    for (const d of unit.pieces) {
        const p = await d.promise;
        if (done === 0)
            w.method = p.method;
        crc = done === 0 ? p.crc : crc32Combine(crc, p.crc, p.size);
        done += p.size;
        w.compressedSize += p.data.length;
        await out.append(p.data);
        gate.release();
    }
    w.crc = crc;
    if (done !== e.size)
        throw changed(e);
    if (w.method === 8 && w.compressedSize >= w.size) {
        // Deflate did not pay off over the whole file: store it, as a file that
        // fits in memory would have been.
        await out.rewind(dataStart);
        await copyRaw(e, out);
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
async function copyRaw(e, out) {
    const fh = await (0,promises_.open)(e.sourcePath, external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0));
    try {
        for (let pos = 0; pos < e.size;) {
            const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, e.size - pos));
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead === 0) {
                throw new errors/* PackagingError */.yr(`${e.name} changed size while being packaged`);
            }
            await out.append(buf.subarray(0, bytesRead));
            pos += bytesRead;
        }
    }
    finally {
        await fh.close();
    }
}
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
/** Local header; a ZIP64 extra only for an entry of 4 GiB or more. */
function localHeader(w) {
    const zip64 = w.size >= MAX32;
    const extraLength = zip64 ? 20 : 0;
    // One scratch buffer for every local header: the caller copies it out.
    const b = HEADER.fill(0, 0, 30 + w.nameLength + extraLength);
    b.writeUInt32LE(0x04034b50, 0);
    b.writeUInt16LE(versionNeeded(w, zip64), 4);
    b.writeUInt16LE(w.flags, 6);
    b.writeUInt16LE(w.method, 8);
    b.writeUInt16LE(DOS_TIME, 10);
    b.writeUInt16LE(DOS_DATE, 12);
    b.writeUInt32LE(w.crc, 14);
    b.writeUInt32LE(zip64 ? MAX32 : w.compressedSize, 18);
    b.writeUInt32LE(zip64 ? MAX32 : w.size, 22);
    b.writeUInt16LE(w.nameLength, 26);
    b.writeUInt16LE(extraLength, 28);
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
function versionNeeded(w, zip64) {
    if (zip64)
        return 45;
    return w.method === 8 ? 20 : 10;
}
function centralDirectory(written, cdOffset, comment) {
    const parts = [];
    let cdSize = 0;
    for (const w of written) {
        const bigSize = w.size >= MAX32;
        const bigCompressed = w.compressedSize >= MAX32;
        const bigOffset = w.offset >= MAX32;
        const extraLength = (bigSize || bigCompressed || bigOffset ? 4 : 0) +
            (bigSize ? 8 : 0) +
            (bigCompressed ? 8 : 0) +
            (bigOffset ? 8 : 0);
        const b = Buffer.alloc(46 + w.nameLength + extraLength);
        b.writeUInt32LE(0x02014b50, 0);
        b.writeUInt16LE(MADE_BY_UNIX, 4);
        b.writeUInt16LE(versionNeeded(w, extraLength > 0 || w.size >= MAX32), 6);
        b.writeUInt16LE(w.flags, 8);
        b.writeUInt16LE(w.method, 10);
        b.writeUInt16LE(DOS_TIME, 12);
        b.writeUInt16LE(DOS_DATE, 14);
        b.writeUInt32LE(w.crc, 16);
        b.writeUInt32LE(bigCompressed ? MAX32 : w.compressedSize, 20);
        b.writeUInt32LE(bigSize ? MAX32 : w.size, 24);
        b.writeUInt16LE(w.nameLength, 28);
        b.writeUInt16LE(extraLength, 30);
        // comment length, disk number, internal attributes: 0
        b.writeUInt32LE(w.attrs, 38);
        b.writeUInt32LE(bigOffset ? MAX32 : w.offset, 42);
        b.write(w.name, 46, 'utf8');
        if (extraLength > 0) {
            let x = 46 + w.nameLength;
            b.writeUInt16LE(0x0001, x);
            b.writeUInt16LE(extraLength - 4, x + 2);
            x += 4;
            for (const [big, value] of [
                [bigSize, w.size],
                [bigCompressed, w.compressedSize],
                [bigOffset, w.offset]
            ]) {
                if (!big)
                    continue;
                b.writeBigUInt64LE(BigInt(value), x);
                x += 8;
            }
        }
        parts.push(b);
        cdSize += b.length;
    }
    const count = written.length;
    const zip64 = count > MAX16 || cdSize >= MAX32 || cdOffset >= MAX32;
    if (zip64) {
        const rec = Buffer.alloc(56 + 20);
        const eocd64Offset = cdOffset + cdSize;
        rec.writeUInt32LE(0x06064b50, 0);
        rec.writeBigUInt64LE(44n, 4);
        rec.writeUInt16LE(MADE_BY_UNIX, 12);
        rec.writeUInt16LE(45, 14);
        // this disk, disk with the central directory: 0
        rec.writeBigUInt64LE(BigInt(count), 24);
        rec.writeBigUInt64LE(BigInt(count), 32);
        rec.writeBigUInt64LE(BigInt(cdSize), 40);
        rec.writeBigUInt64LE(BigInt(cdOffset), 48);
        rec.writeUInt32LE(0x07064b50, 56);
        rec.writeUInt32LE(0, 60);
        rec.writeBigUInt64LE(BigInt(eocd64Offset), 64);
        rec.writeUInt32LE(1, 72);
        parts.push(rec);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    end.writeUInt32LE(Math.min(cdOffset, MAX32), 16);
    const text = Buffer.from(comment, 'latin1');
    end.writeUInt16LE(text.length, 20);
    parts.push(end, text);
    return Buffer.concat(parts);
}
/**
 * The archive file: appends copied into one write buffer (so ring regions
 * can be released at once), a running SHA-256, in-place patches.
 */
class Output {
    path;
    fh;
    pos = 0;
    buf = Buffer.allocUnsafeSlow(FLUSH_BYTES);
    used = 0;
    flushed = 0;
    scratch = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    hash = (0,external_node_crypto_.createHash)('sha256');
    hashing = true;
    constructor(path, fh) {
        this.path = path;
        this.fh = fh;
    }
    static async create(path) {
        try {
            return new Output(path, await (0,promises_.open)(path, 'w+', 0o644));
        }
        catch (err) {
            throw new errors/* PackagingError */.yr(`cannot create ${path}: ${(0,errors/* errorMessage */.gJ)(err)}`, {
                cause: err
            });
        }
    }
    /** `data` may be reused by the caller as soon as this resolves. */
    async append(data) {
        if (data.length === 0)
            return;
        if (this.hashing)
            this.hash.update(data);
        this.pos += data.length;
        const large = data.length >= this.buf.length / 2;
        if (large || this.used + data.length > this.buf.length)
            await this.flush();
        if (large) {
            await this.writeAt(data, this.flushed);
            this.flushed += data.length;
            return;
        }
        data.copy(this.buf, this.used);
        this.used += data.length;
    }
    async flush() {
        if (this.used === 0)
            return;
        await this.writeAt(this.buf.subarray(0, this.used), this.flushed);
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
    async resumeHash(from) {
        await this.flush();
        for (let at = from; at < this.pos;) {
            const want = Math.min(this.scratch.length, this.pos - at);
            const { bytesRead } = await this.fh.read(this.scratch, 0, want, at);
            if (bytesRead === 0)
                throw new Error(`short read at ${at}`);
            this.hash.update(this.scratch.subarray(0, bytesRead));
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
    async abort() {
        await this.fh.close().catch(() => undefined);
        await (0,promises_.rm)(this.path, { force: true }).catch(() => undefined);
    }
}
/**
 * The memory budget as one ring buffer, carved in archive order and given
 * back in the same order: file data and compressed output live in it, so
 * packaging allocates no buffer per file (per-file buffers die old in V8 and
 * pile up until a full collection). One waiter (the dispatcher).
 */
class Ring {
    capacity;
    buf;
    head = 0;
    tail = 0;
    held = [];
    wake;
    aborted = false;
    constructor(capacity) {
        this.capacity = capacity;
    }
    /** A region of `n` bytes, waiting until older regions are released. */
    async acquire(n) {
        for (;;) {
            if (this.aborted)
                throw new Error('aborted');
            if (this.held.length === 0)
                this.head = this.tail = 0;
            if (n > this.capacity) {
                // Larger than the whole budget: alone, in its own buffer.
                if (this.held.length === 0) {
                    this.held.push(0);
                    return Buffer.allocUnsafeSlow(n);
                }
            }
            else if (this.held.length === 0 || this.tail > this.head) {
                if (this.capacity - this.tail >= n)
                    return this.take(this.tail, n, n);
                // Skip the end of the ring and wrap around.
                if (n <= this.head)
                    return this.take(0, n, this.capacity - this.tail + n);
            }
            else if (this.head - this.tail >= n) {
                return this.take(this.tail, n, n);
            }
            await new Promise((r) => (this.wake = r));
        }
    }
    take(at, n, consumed) {
        this.buf ??= Buffer.allocUnsafeSlow(this.capacity);
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

;// CONCATENATED MODULE: ./src/package/inspect.ts





const EOCD64_SIG = 0x06064b50;
const LOCATOR_SIG = 0x07064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const inspect_MAX16 = 0xffff;
const inspect_MAX32 = 0xffffffff;
const READ_BYTES = 1024 * 1024;
class NotZip extends Error {
}
/**
 * Facts about a ready zip (the `zip-file` input), and a check that a layer
 * extracted from it stays inside the layer root.
 *
 * The central directory is parsed here, with bounded reads, rather than by
 * adm-zip: adm-zip reads the whole archive into memory, and a layer archive
 * may be 250 MB. The one full pass over the file computes the SHA-256 and
 * confirms that every entry's local header is where the directory says.
 */
async function inspectZip(path) {
    const abs = (0,external_node_path_.resolve)(path);
    let fh;
    let size;
    try {
        fh = await (0,promises_.open)(abs, 'r');
        const st = await fh.stat();
        if (!st.isFile()) {
            await fh.close();
            throw new Error('not a regular file');
        }
        size = st.size;
    }
    catch (err) {
        throw new errors/* InputError */.dz('zip-file', `file not found: ${abs} (${(0,errors/* errorMessage */.gJ)(err)})`, { cause: err });
    }
    try {
        const central = await readCentral(fh, size);
        for (const name of central.names)
            checkName(name);
        const sha256 = await hashAndCheck(fh, size, central.offsets);
        const names = [...central.names].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        const filesSha256 = (0,fingerprint/* fingerprintInComment */.lI)(central.comment);
        return {
            path: abs,
            size,
            sha256,
            unzippedSize: central.unzippedSize,
            entryCount: names.length,
            names,
            ...(filesSha256 !== undefined && { filesSha256 })
        };
    }
    catch (err) {
        if (err instanceof NotZip) {
            throw new errors/* InputError */.dz('zip-file', `is not a readable zip archive: ${abs} (${err.message})`, { cause: err });
        }
        if (err instanceof errors/* InputError */.dz)
            throw err;
        throw new errors/* InputError */.dz('zip-file', `is not a readable zip archive: ${abs} (${(0,errors/* errorMessage */.gJ)(err)})`, { cause: err });
    }
    finally {
        await fh.close().catch(() => undefined);
    }
}
function checkName(name) {
    const unsafe = name === '' ||
        name.includes('\\') ||
        name.includes('\0') ||
        name.startsWith('/') ||
        /^[A-Za-z]:/.test(name) ||
        name.split('/').some((s) => s === '..');
    if (unsafe) {
        throw new errors/* InputError */.dz('zip-file', `entry "${name}" would extract outside the layer root`);
    }
}
async function readAt(fh, at, length) {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, at + got);
        if (bytesRead === 0)
            throw new NotZip('truncated');
        got += bytesRead;
    }
    return buf;
}
async function readCentral(fh, size) {
    if (size < 22)
        throw new NotZip('too short');
    const tailLength = Math.min(size, 22 + inspect_MAX16);
    const tailStart = size - tailLength;
    const tail = await readAt(fh, tailStart, tailLength);
    const eocd = (0,fingerprint/* findEndRecord */.i7)(tail);
    if (eocd < 0)
        throw new NotZip('no end of central directory record');
    const comment = tail.toString('latin1', eocd + 22, eocd + 22 + tail.readUInt16LE(eocd + 20));
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    const eocdAt = tailStart + eocd;
    let cdEnd = eocdAt;
    if (count === inspect_MAX16 || cdSize === inspect_MAX32 || cdOffset === inspect_MAX32) {
        if (eocdAt >= 20) {
            const loc = await readAt(fh, eocdAt - 20, 20);
            if (loc.readUInt32LE(0) === LOCATOR_SIG) {
                const at = Number(loc.readBigUInt64LE(8));
                if (at + 56 > eocdAt)
                    throw new NotZip('bad ZIP64 locator');
                const rec = await readAt(fh, at, 56);
                if (rec.readUInt32LE(0) !== EOCD64_SIG) {
                    throw new NotZip('bad ZIP64 end of central directory');
                }
                count = Number(rec.readBigUInt64LE(32));
                cdSize = Number(rec.readBigUInt64LE(40));
                cdOffset = Number(rec.readBigUInt64LE(48));
                cdEnd = at;
            }
        }
    }
    if (cdOffset + cdSize > cdEnd) {
        throw new NotZip('central directory lies outside the file');
    }
    const cd = await readAt(fh, cdOffset, cdSize);
    const names = [];
    const offsets = [];
    let unzippedSize = 0;
    let p = 0;
    for (let n = 0; n < count; n++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) {
            throw new NotZip(`central directory record ${n + 1} is damaged`);
        }
        const flags = cd.readUInt16LE(p + 8);
        let usize = cd.readUInt32LE(p + 24);
        let csize = cd.readUInt32LE(p + 20);
        const nameLength = cd.readUInt16LE(p + 28);
        const extraLength = cd.readUInt16LE(p + 30);
        const commentLength = cd.readUInt16LE(p + 32);
        let offset = cd.readUInt32LE(p + 42);
        const end = p + 46 + nameLength + extraLength + commentLength;
        if (end > cd.length)
            throw new NotZip(`central directory record ${n + 1} is damaged`);
        const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
        const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
        for (let x = 0; x + 4 <= extra.length;) {
            const id = extra.readUInt16LE(x);
            const len = extra.readUInt16LE(x + 2);
            if (id === 0x0001) {
                let y = x + 4;
                const next = () => {
                    if (y + 8 > x + 4 + len)
                        throw new NotZip(`bad ZIP64 field for ${name}`);
                    const v = Number(extra.readBigUInt64LE(y));
                    y += 8;
                    return v;
                };
                if (usize === inspect_MAX32)
                    usize = next();
                if (csize === inspect_MAX32)
                    csize = next();
                if (offset === inspect_MAX32)
                    offset = next();
            }
            x += 4 + len;
        }
        if (flags & 1) {
            throw new errors/* InputError */.dz('zip-file', `entry "${name}" is encrypted; a layer cannot be extracted from it`);
        }
        if (offset + 30 > cdOffset) {
            throw new NotZip(`entry "${name}" points outside the archive data`);
        }
        names.push(name);
        offsets.push(offset);
        unzippedSize += usize;
        p = end;
    }
    if (names.length === 0 && cdSize !== 0)
        throw new NotZip('empty directory');
    return { comment, names, offsets, unzippedSize };
}
/** SHA-256 of the whole file; checks local header signatures on the way. */
async function hashAndCheck(fh, size, offsets) {
    const sorted = Float64Array.from(offsets).sort();
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const buf = Buffer.allocUnsafe(READ_BYTES);
    let carry = Buffer.alloc(0);
    let k = 0;
    for (let at = 0; at < size;) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(READ_BYTES, size - at), at);
        if (bytesRead === 0)
            throw new NotZip('truncated');
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        const view = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const viewStart = at - carry.length;
        const viewEnd = at + bytesRead;
        while (k < sorted.length && sorted[k] + 4 <= viewEnd) {
            const o = sorted[k];
            if (view.readUInt32LE(o - viewStart) !== LOCAL_SIG) {
                throw new NotZip(`no local header at offset ${o}`);
            }
            k++;
        }
        carry = Buffer.from(view.subarray(Math.max(0, view.length - 3)));
        at += bytesRead;
    }
    if (k < sorted.length)
        throw new NotZip('truncated');
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/package/index.ts






/***/ })

};

//# sourceMappingURL=580.index.js.map