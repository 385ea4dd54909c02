import { Routes } from '@angular/router';

import { authGuard } from './core/auth.guard';

// Every page is lazy; all but /login need a session (authGuard sends to /login?returnUrl=...).
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'owners' },
  {
    path: 'login',
    title: 'Sign in · pawnotes',
    loadComponent: () => import('./auth/login.component').then((m) => m.LoginComponent),
  },
  {
    path: '',
    canActivateChild: [authGuard],
    children: [
      {
        path: 'owners',
        title: 'Owners · pawnotes',
        loadComponent: () => import('./owners/owner-list.component').then((m) => m.OwnerListComponent),
      },
      {
        path: 'owners/new',
        title: 'New owner · pawnotes',
        loadComponent: () => import('./owners/owner-form.component').then((m) => m.OwnerFormComponent),
      },
      {
        path: 'owners/:id',
        title: 'Owner · pawnotes',
        loadComponent: () => import('./owners/owner-detail.component').then((m) => m.OwnerDetailComponent),
      },
      {
        path: 'owners/:id/edit',
        title: 'Edit owner · pawnotes',
        loadComponent: () => import('./owners/owner-form.component').then((m) => m.OwnerFormComponent),
      },
      {
        path: 'owners/:id/dogs/new',
        title: 'New dog · pawnotes',
        loadComponent: () => import('./dogs/dog-form.component').then((m) => m.DogFormComponent),
      },
      {
        path: 'dogs/:id',
        title: 'Dog · pawnotes',
        loadComponent: () => import('./dogs/dog-profile.component').then((m) => m.DogProfileComponent),
      },
      {
        path: 'dogs/:id/edit',
        title: 'Edit dog · pawnotes',
        loadComponent: () => import('./dogs/dog-form.component').then((m) => m.DogFormComponent),
      },
      {
        path: 'trainers',
        title: 'Trainers · pawnotes',
        loadComponent: () => import('./trainers/trainer-list.component').then((m) => m.TrainerListComponent),
      },
      {
        path: 'pet-types',
        title: 'Pet types · pawnotes',
        data: { kind: 'petType' },
        loadComponent: () => import('./catalog/catalog-list.component').then((m) => m.CatalogListComponent),
      },
      {
        path: 'specialties',
        title: 'Specialties · pawnotes',
        data: { kind: 'specialty' },
        loadComponent: () => import('./catalog/catalog-list.component').then((m) => m.CatalogListComponent),
      },
      {
        path: 'notes/search',
        title: 'Search notes · pawnotes',
        loadComponent: () => import('./notes/note-search.component').then((m) => m.NoteSearchComponent),
      },
    ],
  },
  {
    path: '**',
    title: 'Not found · pawnotes',
    loadComponent: () => import('./shared/not-found.component').then((m) => m.NotFoundComponent),
  },
];
