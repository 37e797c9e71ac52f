// Fails when dist/ differs from what is committed: the action runs from dist/.
import { execFileSync } from 'node:child_process'

const diff = execFileSync('git', ['status', '--porcelain', '--', 'dist/'], {
  encoding: 'utf8'
})
if (diff.trim() !== '') {
  console.error('dist/ is not what the sources build to:\n' + diff)
  console.error('Run `npm run build` and commit dist/.')
  process.exit(1)
}
console.log('dist/ is current')
