// Generates the README's inputs and outputs tables from action.yml, so the
// two cannot drift. `node scripts/readme-tables.mjs` rewrites README.md;
// `--check` exits 1 when README.md is not what it would write.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim()
}

export function tables(actionYml) {
  const action = parse(actionYml)
  const inputs = [
    '| Name | Required | Default | Description |',
    '|---|---|---|---|'
  ]
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const def =
      spec.default === undefined || spec.default === ''
        ? ''
        : `\`${spec.default}\``
    inputs.push(
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${def} | ${cell(spec.description)} |`
    )
  }
  const outputs = ['| Name | Description |', '|---|---|']
  for (const [name, spec] of Object.entries(action.outputs ?? {})) {
    outputs.push(`| \`${name}\` | ${cell(spec.description)} |`)
  }
  return { inputs: inputs.join('\n'), outputs: outputs.join('\n') }
}

export function render(readme, actionYml) {
  const t = tables(actionYml)
  const put = (text, name, body) => {
    const re = new RegExp(
      `(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`
    )
    if (!re.test(text))
      throw new Error(
        `README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`
      )
    return text.replace(re, `$1\n${body}\n$2`)
  }
  return put(put(readme, 'inputs', t.inputs), 'outputs', t.outputs)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = join(root, 'README.md')
  const readme = readFileSync(readmePath, 'utf8')
  const next = render(readme, readFileSync(join(root, 'action.yml'), 'utf8'))
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error(
        'README.md tables differ from action.yml: run `npm run docs`'
      )
      process.exit(1)
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next)
    console.log('README.md tables updated')
  }
}
