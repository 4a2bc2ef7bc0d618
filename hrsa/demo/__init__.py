"""The demo city: believable schools, people, assessments over two cycles, moderation and a
resource bank, made through the services (`hrsa seed-demo`, the benchmarks). Services never
import it."""
