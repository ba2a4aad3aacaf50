import type { AuthService } from '../../auth/auth-service';
import type { Hub } from '../../hub';
import type { Registrar } from '../endpoint-route';

/** What every surface of the server (a Fastify plugin each) is given. */
export type SurfaceOptions = {
  hub: Hub;
  auth: AuthService;
  registrar: Registrar;
  /** Served over HTTPS: cookies are Secure. */
  secure: boolean;
};
