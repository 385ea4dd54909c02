import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, isDevMode, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';

import { routes } from './app.routes';
import { authInterceptor } from './core/auth.interceptor';
import { OFFLINE_GATEWAY } from './core/offline-gateway';
import { OfflineService } from './offline/offline.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([authInterceptor])),
    // Offline: reads cached and note/visit creates queued in the WASM core's store (src/app/offline/).
    { provide: OFFLINE_GATEWAY, useExisting: OfflineService },
    // The app shell (index, JS, CSS, the core's .wasm) from the service worker's cache when offline;
    // API data is not cached there (it lives in the store above). Production builds only.
    provideServiceWorker('ngsw-worker.js', { enabled: !isDevMode(), registrationStrategy: 'registerImmediately' }),
  ],
};
