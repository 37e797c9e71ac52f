/**
 * The source inputs: patterns under a base directory, or a prebuilt zip.
 * These are the only input checks that look at the file system, since a
 * folder that does not exist or lies outside the workspace is an input
 * error, and must come before any call.
 */
import { existsSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { InputError } from '../errors.js'
import { Input, type InputReader } from './names.js'
import { checkRelativePath, parseChoice, splitList } from './parsers.js'
import type { SourceInput } from './types.js'

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

function readZipFile(workspace: string, zipFile: string): SourceInput {
  const zipPath = resolve(workspace, zipFile)
  if (!existsSync(zipPath) || !statSync(zipPath).isFile()) {
    throw new InputError(Input.ZipFile, `file not found: ${zipFile}`)
  }
  return { kind: 'zip', zipFile: zipPath }
}

function readBaseDirectory(read: InputReader, workspace: string): string {
  const rawBase = read(Input.BaseDirectory)
  const base = resolve(workspace, rawBase || '.')
  if (!existsSync(base) || !statSync(base).isDirectory()) {
    throw new InputError(
      Input.BaseDirectory,
      `must be an existing directory, got '${rawBase}'`
    )
  }
  const realWorkspace = existsSync(workspace)
    ? realpathSync(workspace)
    : workspace
  const realBase = realpathSync(base)
  if (!isInside(realWorkspace, realBase)) {
    throw new InputError(
      Input.BaseDirectory,
      `must lie inside the workspace (${workspace}), got '${rawBase}'`
    )
  }
  return realBase
}

export function readSourceInput(
  read: InputReader,
  workspace: string
): SourceInput {
  const pathList = splitList(read(Input.Path))
  const zipFile = read(Input.ZipFile)
  if (zipFile !== '' && pathList.length > 0) {
    throw new InputError(
      Input.ZipFile,
      `cannot be combined with 'path': give one or the other`
    )
  }
  if (zipFile !== '') return readZipFile(workspace, zipFile)
  if (pathList.length === 0) {
    throw new InputError(
      Input.Path,
      `is required unless 'zip-file' is given (one glob per line)`
    )
  }
  if (pathList.every((p) => p.startsWith('!'))) {
    throw new InputError(
      Input.Path,
      'needs at least one pattern that is not an exclusion (!)'
    )
  }
  const baseDirectory = readBaseDirectory(read, workspace)
  const prefix = checkRelativePath(Input.Prefix, read(Input.Prefix))
  const symlinks = parseChoice(
    read,
    Input.Symlinks,
    ['follow', 'preserve'] as const,
    'follow'
  )
  return { kind: 'paths', patterns: pathList, baseDirectory, prefix, symlinks }
}
