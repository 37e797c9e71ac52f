import type { EntryTable } from './entry-table.js'
import type { ZipEntrySource } from './types.js'

/** A listed file of a table, as an entry: what it needs is read when asked. */
export class TableFile implements ZipEntrySource {
  private known: string | undefined

  constructor(
    private readonly table: EntryTable,
    private readonly i: number
  ) {}

  get kind(): 'file' {
    return 'file'
  }

  get name(): string {
    return (this.known ??= this.table.nameOf(this.i))
  }

  get sourcePath(): string {
    return this.table.pathOf(this.i)
  }

  get size(): number {
    return this.table.sizeOf(this.i, this.name)
  }

  get mode(): number {
    return this.table.modeOf(this.i, this.name)
  }
}
